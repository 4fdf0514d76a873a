package io.vkv.node.server;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.vkv.node.storage.InvalidRequestException;
import io.vkv.node.storage.LogFailedException;
import io.vkv.node.storage.StoreClosedException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps a failure to the gRPC status the client sees: refused input is INVALID_ARGUMENT, a closed
 * store or a failed operation log UNAVAILABLE, anything unexpected INTERNAL (logged on one line, the trace at debug level).
 */
public final class ErrorStatus {

    private static final Logger log = LoggerFactory.getLogger(ErrorStatus.class);

    private ErrorStatus() {
    }

    /** The status for {@code failure} raised while serving {@code call} (a method name, for the log). */
    public static StatusRuntimeException of(String call, Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof StatusRuntimeException s) {
            return s;
        }
        if (t instanceof StatusException s) {
            return s.getStatus().asRuntimeException(s.getTrailers());
        }
        if (t instanceof InvalidRequestException) {
            return Status.INVALID_ARGUMENT.withDescription(t.getMessage()).asRuntimeException();
        }
        if (t instanceof StoreClosedException) {
            return Status.UNAVAILABLE.withDescription(t.getMessage()).asRuntimeException();
        }
        if (t instanceof LogFailedException) {
            // The disk failed: this node takes no writes until an operator restarts it; another node can.
            log.warn("{} refused: {}", call, t.getMessage());
            return Status.UNAVAILABLE.withDescription("this node cannot write to its disk (" + t.getMessage()
                    + "); retry on another node, and restart this one once its disk is fixed").asRuntimeException();
        }
        log.error("{} failed unexpectedly: {}", call, t.toString());
        log.debug("{} failure trace", call, t);
        return Status.INTERNAL.withDescription("internal error: " + t).asRuntimeException();
    }

    private static Throwable unwrap(Throwable t) {
        Throwable cur = t;
        while ((cur instanceof CompletionException || cur instanceof ExecutionException) && cur.getCause() != null) {
            cur = cur.getCause();
        }
        return cur;
    }
}
