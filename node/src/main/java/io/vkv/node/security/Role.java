package io.vkv.node.security;

import java.util.Locale;
import java.util.Optional;

/** What a client may do: each role includes the ones before it. Nodes are not clients: they hold a node certificate. */
public enum Role {
    /** Get, scan, watch, history, node info. */
    READ,
    /** Everything {@link #READ} may, and put, delete, trim. */
    WRITE,
    /** Everything {@link #WRITE} may, and the Admin service (leave). */
    ADMIN;

    /** True when a client with this role may call a method that needs {@code needed}. */
    public boolean includes(Role needed) {
        return compareTo(needed) >= 0;
    }

    /** The name as written in a tokens file: read, write, admin. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named {@code text} (read, write, admin), if any. */
    public static Optional<Role> parse(String text) {
        for (Role r : values()) {
            if (r.text().equals(text)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
