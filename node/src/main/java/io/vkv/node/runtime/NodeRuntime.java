package io.vkv.node.runtime;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * What a node takes from its surroundings, injected as one: the clock it reads, the randomness it draws
 * (incarnations, peer choice) and the threads it runs on. Tests and simulations pass their own.
 */
public record NodeRuntime(Clock clock, RandomGenerator random, Threads threads) {

    public NodeRuntime {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(threads, "threads");
    }

    /** The machine's clock, a secure random source, and daemon threads named after node {@code nodeId}. */
    public static NodeRuntime system(String nodeId) {
        return new NodeRuntime(Clock.system(), new SecureRandom(), Threads.daemon(nodeId));
    }
}
