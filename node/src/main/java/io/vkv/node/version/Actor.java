package io.vkv.node.version;

import java.util.Objects;
import java.util.regex.Pattern;

/** A node's identity for causality: its node id plus the incarnation drawn with its data directory. */
public record Actor(String nodeId, long incarnation) implements Comparable<Actor> {

    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    public Actor {
        Objects.requireNonNull(nodeId, "nodeId");
        if (!NODE_ID.matcher(nodeId).matches()) {
            throw new IllegalArgumentException("node id must be 1..64 characters of [A-Za-z0-9_.-] starting with a letter or digit, got '" + nodeId + "'");
        }
    }

    /** True when {@code id} is a well-formed node id. */
    public static boolean isValidNodeId(String id) {
        return id != null && NODE_ID.matcher(id).matches();
    }

    /** Parses the form printed by {@link #toString()}: {@code nodeId@incarnationHex}. */
    public static Actor parse(String text) {
        int at = text.lastIndexOf('@');
        if (at <= 0 || at == text.length() - 1) {
            throw new IllegalArgumentException("actor must look like nodeId@incarnation, got '" + text + "'");
        }
        try {
            return new Actor(text.substring(0, at), Long.parseUnsignedLong(text.substring(at + 1), 16));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("actor incarnation must be hexadecimal, got '" + text + "'");
        }
    }

    @Override
    public int compareTo(Actor o) {
        int c = nodeId.compareTo(o.nodeId);
        return c != 0 ? c : Long.compareUnsigned(incarnation, o.incarnation);
    }

    @Override
    public String toString() {
        return nodeId + "@" + Long.toHexString(incarnation);
    }
}
