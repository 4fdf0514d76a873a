package io.vkv.bench;

import static io.vkv.bench.SampleStates.A;
import static io.vkv.bench.SampleStates.B;
import static io.vkv.bench.SampleStates.C;
import static io.vkv.bench.SampleStates.stateOf;
import static io.vkv.bench.SampleStates.vector;
import static io.vkv.bench.SampleStates.write;

import io.vkv.node.version.KeyState;
import io.vkv.node.version.VersionVector;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * ns per {@link KeyState#merge} in the cases a replica meets, with three actors and 100-byte values.
 * Incoming states are separate but equal objects, as they are after decoding a replication message
 * or a log record.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MergeBenchmark {

    private KeyState replica;
    private KeyState newer;
    private KeyState sameAsReplica;
    private KeyState twoSiblings;
    private KeyState concurrentThird;
    private KeyState older;
    private VersionVector left;
    private VersionVector right;

    @Setup
    public void setUp() {
        // The replica holds (A,5), written after reading {A:4, B:3, C:2}.
        replica = stateOf(write(A, 5, vector(4, 3, 2)));
        // A client read that, wrote again through B: the common replication case, one sibling replaces one.
        newer = stateOf(write(B, 4, replica.context()));
        // The same state again (a duplicate delivery, a log replay, anti-entropy finding nothing new).
        sameAsReplica = stateOf(write(A, 5, vector(4, 3, 2)));
        // Two clients wrote concurrently from the same read; a third concurrent write arrives.
        twoSiblings = stateOf(write(A, 5, vector(4, 3, 2))).merge(stateOf(write(B, 4, vector(4, 3, 2))));
        concurrentThird = stateOf(write(C, 3, vector(4, 3, 2)));
        // A late, already superseded state: its sibling is covered by the replica's 3-actor covered vector.
        older = stateOf(write(C, 2, vector(4, 3, 1)));
        left = vector(4, 3, 2);
        right = vector(3, 5, 2);
    }

    /** (a) A newer single-sibling state supersedes the replica's single sibling. */
    @Benchmark
    public KeyState newerStateSupersedesTheSibling() {
        return replica.merge(newer);
    }

    /** (b) Re-merging an equal state: must change nothing. */
    @Benchmark
    public KeyState idempotentRemergeOfAnEqualState() {
        return replica.merge(sameAsReplica);
    }

    /** (c) Two concurrent siblings merged with a third concurrent write: three siblings. */
    @Benchmark
    public KeyState twoSiblingsMergedWithAThird() {
        return twoSiblings.merge(concurrentThird);
    }

    /** (d) An older state whose sibling the replica's covered vector (3 actors) already covers. */
    @Benchmark
    public KeyState olderStateCoveredByThreeActorVector() {
        return replica.merge(older);
    }

    /** The join of two concurrent 3-actor vectors, the core of every merge. */
    @Benchmark
    public VersionVector joinOfConcurrentThreeActorVectors() {
        return left.join(right);
    }
}
