package io.vkv.client;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Every version a key keeps, oldest first (by version number): the superseded ones (no clock) and the live
 * siblings; versions numbered below {@code floor} were trimmed or erased.
 */
public record KeyHistory(byte[] key, List<Sibling> versions, long floor) {

    public KeyHistory {
        versions = List.copyOf(versions);
    }

    /** The key decoded as UTF-8. */
    public String keyString() {
        return new String(key, StandardCharsets.UTF_8);
    }

    /** The version in force at {@code version}: the newest numbered at or below it, if kept. */
    public Optional<Sibling> at(long version) {
        Sibling found = null;
        for (Sibling s : versions) {
            if (s.version() <= version) {
                found = s;
            }
        }
        return Optional.ofNullable(found);
    }
}
