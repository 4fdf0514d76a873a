package io.vkv.sim.workload;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.vkv.sim.history.Outcome;
import java.net.ConnectException;

/** What a failed call means for its write: certainly not applied, or maybe applied. */
final class Outcomes {

    private Outcomes() {
    }

    /**
     * FAILED when the node refused the request as invalid, or when the call never left this process (no connection
     * could be made); UNKNOWN for everything else: a timeout or a connection lost mid-flight may follow the write.
     */
    static Outcome of(StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        if (code == Status.Code.INVALID_ARGUMENT || code == Status.Code.FAILED_PRECONDITION || code == Status.Code.OUT_OF_RANGE) {
            return Outcome.FAILED;
        }
        if (code == Status.Code.UNAVAILABLE) {
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                if (t instanceof ConnectException) {
                    return Outcome.FAILED;
                }
            }
        }
        return Outcome.UNKNOWN;
    }

    /** {@code UNAVAILABLE: io exception} and the like, for the history. */
    static String describe(StatusRuntimeException e) {
        Status s = e.getStatus();
        return s.getCode() + (s.getDescription() == null ? "" : ": " + s.getDescription());
    }
}
