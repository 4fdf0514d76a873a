package io.vkv.client;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One version of a key: its value (empty for a tombstone), its vector clock (actor "nodeId@incarnation" to
 * counter; empty for a superseded version of the key's history), its hybrid logical clock timestamp, whether
 * it is a delete, and its version number (the same on every replica).
 */
public record Sibling(byte[] value, Map<String, Long> clock, long hlc, boolean deleted, long version) {

    public Sibling {
        value = value == null ? new byte[0] : value;
        clock = Collections.unmodifiableMap(new TreeMap<>(clock == null ? Map.of() : clock));
    }

    /** A version numbered by its timestamp's millisecond, as most writes are. */
    public Sibling(byte[] value, Map<String, Long> clock, long hlc, boolean deleted) {
        this(value, clock, hlc, deleted, hlc >>> 16);
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
        return new Sibling(newValue, clock, hlc, false, version);
    }
}
