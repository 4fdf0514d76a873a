package io.vkv.bench;

import io.vkv.node.version.Actor;
import io.vkv.node.version.Dot;
import io.vkv.node.version.KeyState;
import io.vkv.node.version.Sibling;
import io.vkv.node.version.VersionVector;
import java.util.Map;
import java.util.Random;

/** Typical KeyStates for the benchmarks: three actors (a 3-replica partition) and 100-byte values. */
final class SampleStates {

    static final Actor A = new Actor("node-a", 0x5eed_a11c_e000_0001L);
    static final Actor B = new Actor("node-b", 0x5eed_b0b0_0000_0002L);
    static final Actor C = new Actor("node-c", 0x5eed_c0c0_0000_0003L);

    static final int VALUE_BYTES = 100;
    private static final long HLC = 1_750_000_000_000L << 16;

    private SampleStates() {
    }

    /** The vector {A: a, B: b, C: c}, built fresh so that no two calls share instances (as after decoding). */
    static VersionVector vector(long a, long b, long c) {
        return VersionVector.of(Map.of(A, a, B, b, C, c));
    }

    /** A write of a fresh 100-byte value, its contents fixed by its dot. */
    static Sibling write(Actor actor, long counter, VersionVector past) {
        byte[] value = new byte[VALUE_BYTES];
        new Random(31L * actor.hashCode() + counter).nextBytes(value);
        return Sibling.value(new Dot(actor, counter), past, value, HLC + counter);
    }

    /** The state a replica holds right after the write: the write alone, covering its past. */
    static KeyState stateOf(Sibling write) {
        return KeyState.ofWrite(write);
    }
}
