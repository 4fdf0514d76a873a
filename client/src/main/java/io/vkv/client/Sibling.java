package io.vkv.client;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One concurrent version of a key: its value (empty for a tombstone), its vector clock
 * (actor "nodeId@incarnation" to counter), its hybrid logical clock timestamp and whether it is a delete.
 */
public record Sibling(byte[] value, Map<String, Long> clock, long hlc, boolean deleted) {

    public Sibling {
        value = value == null ? new byte[0] : value;
        clock = Collections.unmodifiableMap(new TreeMap<>(clock == null ? Map.of() : clock));
    }

    /** The value decoded as UTF-8 (malformed bytes become U+FFFD). */
    public String valueString() {
        return new String(value, StandardCharsets.UTF_8);
    }

    /** Physical part of the hybrid timestamp: milliseconds since the epoch. */
    public long hlcMillis() {
        return hlc >>> 16;
    }

    /** Logical part of the hybrid timestamp: orders events within the same millisecond. */
    public int hlcLogical() {
        return (int) (hlc & 0xFFFF);
    }

    /** A live sibling with {@code value}, keeping this one's clock and timestamp. */
    public Sibling withValue(byte[] newValue) {
        return new Sibling(newValue, clock, hlc, false);
    }
}
