package io.vkv.sim.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.Status;
import io.vkv.sim.history.Outcome;
import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** Which failed calls certainly did not apply their write, and which may have. */
class OutcomesTest {

    @Test
    void aRefusedRequestAndACallThatNeverConnectedFailed() {
        assertEquals(Outcome.FAILED, Outcomes.of(Status.INVALID_ARGUMENT.withDescription("context token is malformed").asRuntimeException()));
        assertEquals(Outcome.FAILED, Outcomes.of(Status.UNAVAILABLE.withDescription("io exception")
                .withCause(new IOException("wrapped", new ConnectException("Connection refused"))).asRuntimeException()));
    }

    @Test
    void aTimeoutOrALinkLostMidFlightIsUnknown() {
        assertEquals(Outcome.UNKNOWN, Outcomes.of(Status.DEADLINE_EXCEEDED.asRuntimeException()));
        assertEquals(Outcome.UNKNOWN, Outcomes.of(Status.UNAVAILABLE.withDescription("Network closed for unknown reason").asRuntimeException()));
        assertEquals(Outcome.UNKNOWN, Outcomes.of(Status.UNAVAILABLE.withCause(new IOException("Connection reset")).asRuntimeException()));
        assertEquals(Outcome.UNKNOWN, Outcomes.of(Status.INTERNAL.asRuntimeException()));
        assertEquals("UNAVAILABLE: io exception", Outcomes.describe(Status.UNAVAILABLE.withDescription("io exception").asRuntimeException()));
    }
}
