package io.vkv.node.version;

import java.util.Objects;

/** A node's identity for causality: its node id plus the incarnation drawn with its data directory. */
public record Actor(String nodeId, long incarnation) implements Comparable<Actor> {

    private static final int MAX_NODE_ID_CHARS = 64;

    public Actor {
        Objects.requireNonNull(nodeId, "nodeId");
        if (!isValidNodeId(nodeId)) {
            throw new IllegalArgumentException("node id must be 1..64 characters of [A-Za-z0-9_.-] starting with a letter or digit, got '" + nodeId + "'");
        }
    }

    /**
     * True when {@code id} is a well-formed node id: {@code [A-Za-z0-9][A-Za-z0-9_.-]{0,63}}. Checked
     * by hand, not by a regex: every actor decoded from the log or the network passes here.
     */
    public static boolean isValidNodeId(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_NODE_ID_CHARS) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alnum && (i == 0 || (c != '_' && c != '.' && c != '-'))) {
                return false;
            }
        }
        return true;
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
