package io.vkv.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads whole numbers (counts and ports); each nested converter allows the range of the options that use it. */
public final class NumberConverter {

    private NumberConverter() {
    }

    /** {@code value} as a whole number in [min, max]; the exception says what is allowed, and why when {@code why} is given. */
    static long parse(String value, long min, long max, String why) {
        String allowed = "allowed: " + min + ".." + max + (why.isEmpty() ? "" : " (" + why + ")");
        String t = value == null ? "" : value.trim();
        if (!t.matches("-?\\d{1,19}")) {
            throw new TypeConversionException(Quote.of(value) + " is not a whole number; " + allowed);
        }
        long n;
        try {
            n = Long.parseLong(t);
        } catch (NumberFormatException e) {
            n = t.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        if (n < min || n > max) {
            throw new TypeConversionException(Quote.of(value) + " is out of range; " + allowed);
        }
        return n;
    }

    /** An int in [min, max]. */
    abstract static class IntRange implements ITypeConverter<Integer> {
        private final int min;
        private final int max;
        private final String why;

        IntRange(int min, int max, String why) {
            this.min = min;
            this.max = max;
            this.why = why;
        }

        @Override
        public Integer convert(String value) {
            return (int) parse(value, min, max, why);
        }
    }

    /** A TCP port to listen on or reach: 1..65535. */
    public static final class Port extends IntRange {
        public Port() {
            super(1, 65535, "");
        }
    }

    /** A quorum, R or W: 1..64 (the node holds it to 1..N of its cluster). */
    public static final class Quorum extends IntRange {
        public Quorum() {
            super(1, 64, "at most ring.replicas of the cluster");
        }
    }

    /** A count with no useful upper bound: 1..2147483647. */
    public static final class Positive extends IntRange {
        public Positive() {
            super(1, Integer.MAX_VALUE, "");
        }
    }

    /** How many nodes a local cluster has: 1..99 (ids n1..n99). */
    public static final class Nodes extends IntRange {
        public Nodes() {
            super(1, 99, "");
        }
    }

    /** Replicas per partition (ring.replicas): 1..64. */
    public static final class Replicas extends IntRange {
        public Replicas() {
            super(1, 64, "");
        }
    }

    /** Requests per batch or page, and calls in flight: 1..100000, each message or permit costs memory. */
    public static final class Batch extends IntRange {
        public Batch() {
            super(1, 100_000, "");
        }
    }

    /** Lines of a log to print: 1..1000000. */
    public static final class Lines extends IntRange {
        public Lines() {
            super(1, 1_000_000, "");
        }
    }

    /** The keys a bench spreads its load over. */
    public static final class BenchKeys extends IntRange {
        public BenchKeys() {
            super(1, 10_000_000, "the bench keeps every key and its latest context in memory");
        }
    }

    /** A count where 0 means "no limit": 0..9223372036854775807. */
    public static final class NonNegativeLong implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return parse(value, 0, Long.MAX_VALUE, "0 for no limit");
        }
    }

    /** A version number: 1..2^63-1 (hybrid-clock milliseconds, as history prints them). */
    public static final class Version implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return parse(value, 1, Long.MAX_VALUE, "a version number, as history prints it");
        }
    }
}
