package io.vkv.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Unmeasured load before a bench's measured run, for a fixed time or, in auto mode, until the per-second rate
 * has settled: a fresh node's JIT can take most of a minute on a small machine, and a fixed few seconds would
 * then measure the compiler instead of the node.
 */
final class WarmUp {

    /** Seconds that must agree, and how closely (max / min), before the rate counts as settled. */
    static final int SETTLED_SECONDS = 3;
    static final double SETTLED_SPREAD = 0.10;

    /** What {@code --warmup} asked for: a fixed time, or auto when {@code fixed} is null. */
    record Plan(Duration fixed) {
        static final Plan AUTO = new Plan(null);

        boolean auto() {
            return fixed == null;
        }
    }

    /** How an auto warm-up ended: after {@code took}, settled or not, with the spread of its last seconds. */
    record Outcome(Duration took, boolean settled, boolean hitCap, double minRate, double maxRate) {

        /** The one line printed for it. */
        String describe() {
            String spread = String.format(Locale.ROOT, "%.0f..%.0f ops/s over the last %d s", minRate, maxRate, SETTLED_SECONDS);
            String took = String.format(Locale.ROOT, "warm-up: %.1f s, ", this.took.toNanos() / 1e9);
            if (settled) {
                return took + "the rate settled (" + spread + ")";
            }
            return took + (hitCap ? "hit the --warmup-max cap" : "ended") + " before the rate settled (" + spread + ")";
        }
    }

    private WarmUp() {
    }

    /** Runs a fixed warm-up; nothing is reported. */
    static void fixed(BenchTargets targets, BenchRun.Settings measured, Duration length) throws InterruptedException {
        if (!length.isZero()) {
            new BenchRun(targets, unmeasured(measured, length)).run();
        }
    }

    /** Loads until the rate of the last few seconds settles or {@code max} has passed. */
    static Outcome auto(BenchTargets targets, BenchRun.Settings measured, Duration max) throws InterruptedException {
        RateWindow window = new RateWindow(SETTLED_SECONDS, SETTLED_SPREAD);
        // The run is one continuous load; the window only watches it, so the node never sees a gap between slices.
        BenchRun.Result result = new BenchRun(targets, unmeasured(measured, max)).run(second -> {
            if (second.length().toMillis() >= 900) { // the last slice is shorter and says nothing about the rate
                window.add(second.opsPerSecond());
            }
            return !window.settled();
        });
        boolean settled = window.settled();
        return new Outcome(result.elapsed(), settled, !settled && result.elapsed().compareTo(max) >= 0, window.min(), window.max());
    }

    private static BenchRun.Settings unmeasured(BenchRun.Settings s, Duration length) {
        return new BenchRun.Settings(s.mode(), s.inFlight(), length, 0, s.valueSize(), s.keys(), s.batch(), s.timeout(), s.r(), s.w());
    }

    /** Reads {@code --warmup}: {@code auto}, or a duration from 0 to 24h. */
    static final class Converter implements ITypeConverter<Plan> {
        @Override
        public Plan convert(String value) {
            if ("auto".equals(value)) {
                return Plan.AUTO;
            }
            try {
                DurationConverter.parse(value);
            } catch (TypeConversionException e) {
                throw new TypeConversionException(Quote.of(value) + " is neither auto nor a duration (e.g. 500ms, 30s, 5m)");
            }
            return new Plan(new DurationConverter.UpToADay().convert(value));
        }
    }
}
