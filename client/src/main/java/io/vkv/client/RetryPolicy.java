package io.vkv.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * How often and how patiently a call is retried when the node is unreachable or slow
 * (UNAVAILABLE, DEADLINE_EXCEEDED): bounded attempts, exponential backoff with full jitter.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    /** Three attempts, backing off from 50 ms up to 1 s. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofMillis(50), Duration.ofSeconds(1));

    /** A single attempt: failures surface at once. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max attempts must be at least 1, got " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must satisfy 0 <= initial <= max, got " + initialBackoff + " and " + maxBackoff);
        }
    }

    /** Runs {@code call}, retrying it on {@link UnavailableException} and {@link DeadlineExceededException}. */
    <T> T run(Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (UnavailableException | DeadlineExceededException e) {
                if (attempt >= maxAttempts) {
                    throw e;
                }
                sleep(backoff(attempt));
            }
        }
    }

    /** The pause before attempt {@code failedAttempt + 1}: uniform in [0, min(max, initial * 2^(n-1))]. */
    Duration backoff(int failedAttempt) {
        long cap = Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() << Math.min(failedAttempt - 1, 20));
        return Duration.ofMillis(cap <= 0 ? 0 : ThreadLocalRandom.current().nextLong(cap + 1));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VkvException("interrupted while waiting to retry", e);
        }
    }
}
