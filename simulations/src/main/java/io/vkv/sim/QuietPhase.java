package io.vkv.sim;

import io.vkv.sim.check.ClusterState;
import io.vkv.sim.check.ConvergenceCheck;
import io.vkv.sim.cluster.StateReader;
import io.vkv.sim.workload.Recorder;
import java.time.Duration;

/**
 * Waits, with no client writing, until every node returns the same state: polls all of them every
 * {@link #POLL_MILLIS} ms and, once they agree, reads again after {@link #SETTLE_MILLIS} ms to make sure nothing was
 * still on its way (a write whose client gave up can still land). Gives up after the bound.
 */
final class QuietPhase {

    static final long POLL_MILLIS = 150;
    static final long SETTLE_MILLIS = 1000;

    /** The final state, and when it was first seen converged (milliseconds since the run started; -1: never). */
    record Result(ClusterState state, long convergedAt) {
    }

    private QuietPhase() {
    }

    static Result await(StateReader reader, Recorder clock, Duration bound) throws InterruptedException {
        long deadline = clock.now() + bound.toMillis();
        ClusterState state = reader.read();
        while (true) {
            long seenAt = clock.now();
            if (ConvergenceCheck.check(state).passed()) {
                Thread.sleep(SETTLE_MILLIS);
                ClusterState again = reader.read();
                if (again.equals(state)) {
                    return new Result(state, seenAt);
                }
                state = again;
                continue;
            }
            if (clock.now() > deadline) {
                return new Result(state, -1);
            }
            Thread.sleep(POLL_MILLIS);
            state = reader.read();
        }
    }
}
