package io.vkv.cli;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads durations as a user writes them: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}; a bare number is seconds.
 * Each nested converter also checks the range its options allow.
 */
public final class DurationConverter {

    /** Longer than any deadline or run anyone means; a typo like 99999h is caught here instead of waiting for ever. */
    static final Duration MAX = Duration.ofHours(24);

    private DurationConverter() {
    }

    static Duration parse(String value) {
        String t = value == null ? "" : value.trim();
        int unitAt = 0;
        while (unitAt < t.length() && Character.isDigit(t.charAt(unitAt))) {
            unitAt++;
        }
        if (unitAt == 0 || unitAt > 12) {
            throw new TypeConversionException(Quote.of(value) + " is not a duration (e.g. 500ms, 30s, 5m)");
        }
        long n = Long.parseLong(t.substring(0, unitAt));
        return switch (t.substring(unitAt)) {
            case "ms" -> Duration.ofMillis(n);
            case "", "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> throw new TypeConversionException(Quote.of(value) + " is not a duration: unit must be ms, s, m or h");
        };
    }

    /** A duration within [min, max]. */
    abstract static class InRange implements ITypeConverter<Duration> {
        private final Duration min;
        private final String allowed;

        InRange(Duration min, String allowed) {
            this.min = min;
            this.allowed = allowed;
        }

        @Override
        public Duration convert(String value) {
            Duration d = parse(value);
            if (d.compareTo(min) < 0 || d.compareTo(MAX) > 0) {
                throw new TypeConversionException(Quote.of(value) + " is out of range; allowed: " + allowed);
            }
            return d;
        }
    }

    /** A deadline or a run time: 1ms to 24h. */
    public static final class Positive extends InRange {
        public Positive() {
            super(Duration.ofMillis(1), "1ms to 24h");
        }
    }

    /** A wait that may be none: 0 to 24h. */
    public static final class UpToADay extends InRange {
        public UpToADay() {
            super(Duration.ZERO, "0 to 24h");
        }
    }
}
