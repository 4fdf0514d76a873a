package io.vkv.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Calls to a port where nothing listens fail with one clear sentence, after the bounded retries. */
class UnreachableNodeTest {

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void everyKindOfCallSaysTheNodeCannotBeReached() throws IOException {
        int port = closedPort();
        String expected = "cannot reach 127.0.0.1:" + port + ": connection refused";
        try (VkvClient client = VkvClient.builder().target("127.0.0.1:" + port)
                .retry(new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(5))).build()) {
            assertEquals(expected, assertThrows(UnavailableException.class, () -> client.get("k")).getMessage());
            assertEquals(expected, assertThrows(UnavailableException.class, () -> client.put("k", "v", Context.EMPTY)).getMessage());
            assertEquals(expected, assertThrows(UnavailableException.class, () -> client.scan("a", "b", 10)).getMessage());
            assertEquals(expected, assertThrows(UnavailableException.class, () -> client.update("k", v -> "x")).getMessage());
            BatchFailedException batch = assertThrows(BatchFailedException.class, () -> client.putMany(List.of(Put.of("k", "v", null))));
            assertEquals(expected, batch.getMessage());
            assertEquals(0, batch.acknowledged());
            assertEquals(UnavailableException.class, batch.getCause().getClass());
        }
    }

    @Test
    void anUnknownHostIsNamed() {
        try (VkvClient client = VkvClient.builder().target("no-such-host.invalid:7001").retry(RetryPolicy.NONE).build()) {
            UnavailableException e = assertThrows(UnavailableException.class, () -> client.get("k"));
            assertEquals("cannot reach no-such-host.invalid:7001: unknown host", e.getMessage());
        }
    }
}
