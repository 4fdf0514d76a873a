package io.vkv.node.config;

import java.util.OptionalLong;

/**
 * Where a node sits on the ring and how many replicas each partition has.
 *
 * @param replicas N, the nodes that replicate each partition
 * @param token    this node's position, or empty to keep the one chosen before (or choose one on joining)
 */
public record RingConfig(int replicas, OptionalLong token) {

    public RingConfig {
        if (replicas < 1) {
            throw new IllegalArgumentException("ring.replicas must be at least 1, got " + replicas);
        }
        if (token == null) {
            throw new IllegalArgumentException("token must not be null (use OptionalLong.empty())");
        }
    }

    /** The ring settings of {@code config}. */
    public static RingConfig of(NodeConfig config) {
        return new RingConfig(config.ringReplicas(), config.ringToken());
    }
}
