package io.vkv.node.storage;

import io.vkv.placement.KeyPartitioner;
import io.vkv.node.version.Actor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.Properties;

/** The identity a data directory belongs to: node id, current incarnation, partition count, and ring token once chosen. */
public record NodeMeta(String nodeId, long incarnation, int partitions, OptionalLong ringToken) {

    /** A new identity, its ring token not chosen yet. */
    public NodeMeta(String nodeId, long incarnation, int partitions) {
        this(nodeId, incarnation, partitions, OptionalLong.empty());
    }

    /** The actor this identity issues dots as. */
    public Actor actor() {
        return new Actor(nodeId, incarnation);
    }

    /** The same node with a new incarnation (after a crash that may have lost dots). */
    public NodeMeta withIncarnation(long next) {
        return new NodeMeta(nodeId, next, partitions, ringToken);
    }

    /** The same node holding {@code token} on the ring. */
    public NodeMeta withRingToken(long token) {
        return new NodeMeta(nodeId, incarnation, partitions, OptionalLong.of(token));
    }

    Properties toProperties() {
        Properties p = new Properties();
        p.setProperty("node.id", nodeId);
        p.setProperty("incarnation", Long.toHexString(incarnation));
        p.setProperty("partitions", Integer.toString(partitions));
        ringToken.ifPresent(t -> p.setProperty("ring.token", Long.toUnsignedString(t)));
        return p;
    }

    static NodeMeta fromProperties(Properties p, Path file) throws IOException {
        String id = p.getProperty("node.id");
        String inc = p.getProperty("incarnation");
        String parts = p.getProperty("partitions");
        String token = p.getProperty("ring.token");
        if (id == null || inc == null || parts == null) {
            throw new IOException(file + " is incomplete: it needs node.id, incarnation and partitions");
        }
        try {
            long incarnation = Long.parseUnsignedLong(inc, 16);
            int partitions = new KeyPartitioner(Integer.parseInt(parts)).partitions(); // refuses a count out of range
            OptionalLong ringToken = token == null ? OptionalLong.empty() : OptionalLong.of(Long.parseUnsignedLong(token));
            return new NodeMeta(new Actor(id, incarnation).nodeId(), incarnation, partitions, ringToken);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is corrupt: " + e.getMessage(), e);
        }
    }
}
