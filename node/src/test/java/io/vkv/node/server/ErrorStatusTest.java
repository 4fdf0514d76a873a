package io.vkv.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.vkv.node.storage.InvalidRequestException;
import io.vkv.node.storage.LogFailedException;
import io.vkv.node.storage.StoreClosedException;
import java.io.IOException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class ErrorStatusTest {

    @Test
    void refusedInputIsInvalidArgumentWithItsMessage() {
        Status s = ErrorStatus.of("Put", new InvalidRequestException("key must not be empty")).getStatus();
        assertEquals(Status.Code.INVALID_ARGUMENT, s.getCode());
        assertEquals("key must not be empty", s.getDescription());
    }

    @Test
    void aClosedStoreIsUnavailableEvenWhenWrappedByAFuture() {
        Status s = ErrorStatus.of("Put", new CompletionException(new StoreClosedException("closed"))).getStatus();
        assertEquals(Status.Code.UNAVAILABLE, s.getCode());
        assertEquals("closed", s.getDescription());
    }

    @Test
    void aFailedOperationLogIsUnavailableAndSaysWhatToDo() {
        LogFailedException failed = new LogFailedException("operation log log.0 failed: No space left on device", new IOException("ENOSPC"));
        Status s = ErrorStatus.of("Put", new CompletionException(failed)).getStatus();
        assertEquals(Status.Code.UNAVAILABLE, s.getCode());
        assertEquals("this node cannot write to its disk (operation log log.0 failed: No space left on device); "
                + "retry on another node, and restart this one once its disk is fixed", s.getDescription());
    }

    @Test
    void anythingElseIsInternal() {
        Status s = ErrorStatus.of("Get", new IllegalStateException("boom")).getStatus();
        assertEquals(Status.Code.INTERNAL, s.getCode());
        assertEquals("internal error: java.lang.IllegalStateException: boom", s.getDescription());
    }

    @Test
    void aStatusPassesThroughUnchanged() {
        StatusRuntimeException e = Status.DEADLINE_EXCEEDED.asRuntimeException();
        assertSame(e, ErrorStatus.of("Get", e));
    }
}
