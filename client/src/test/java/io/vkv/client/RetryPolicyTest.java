package io.vkv.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy fast = new RetryPolicy(4, Duration.ZERO, Duration.ZERO);

    @Test
    void retriesUnavailableUntilItSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        String result = fast.run(() -> {
            if (calls.incrementAndGet() < 3) {
                throw new UnavailableException("down", null);
            }
            return "ok";
        });
        assertEquals("ok", result);
        assertEquals(3, calls.get());
    }

    @Test
    void givesUpAfterMaxAttemptsWithTheLastFailure() {
        AtomicInteger calls = new AtomicInteger();
        DeadlineExceededException last = new DeadlineExceededException("slow", null);
        DeadlineExceededException thrown = assertThrows(DeadlineExceededException.class, () -> fast.run(() -> {
            calls.incrementAndGet();
            throw last;
        }));
        assertSame(last, thrown);
        assertEquals(4, calls.get());
    }

    @Test
    void neverRetriesAnInvalidRequest() {
        AtomicInteger calls = new AtomicInteger();
        assertThrows(InvalidRequestException.class, () -> fast.run(() -> {
            calls.incrementAndGet();
            throw new InvalidRequestException("key must not be empty", null);
        }));
        assertEquals(1, calls.get());
    }

    @Test
    void backoffGrowsExponentiallyWithinTheCap() {
        RetryPolicy p = new RetryPolicy(10, Duration.ofMillis(10), Duration.ofMillis(70));
        for (int i = 0; i < 200; i++) {
            assertTrue(p.backoff(1).toMillis() <= 10);
            assertTrue(p.backoff(3).toMillis() <= 40);
            assertTrue(p.backoff(9).toMillis() <= 70);
        }
    }

    @Test
    void refusesNonsenseSettings() {
        assertEquals("max attempts must be at least 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(2, Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }
}
