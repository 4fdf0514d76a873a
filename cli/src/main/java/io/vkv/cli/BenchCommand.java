package io.vkv.cli;

import io.vkv.client.Put;
import io.vkv.client.Versions;
import io.vkv.client.VkvClient;
import io.vkv.client.VkvException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code vkv bench}: load against one node with N calls in flight; prints throughput and latency percentiles. */
@Command(name = "bench", description = "Load one node with concurrent calls (put, get or putmany) and report ops/s and p50/p99/p999 latency.")
final class BenchCommand extends ClientCommand {

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "put", converter = ModeConverter.class,
            completionCandidates = ModeConverter.Names.class, description = "put, get or putmany (default ${DEFAULT-VALUE}).")
    BenchRun.Mode mode;

    @Option(names = "--in-flight", paramLabel = "N", defaultValue = "64", converter = NumberConverter.Batch.class,
            description = "Calls outstanding at once, 1..100000 (default ${DEFAULT-VALUE}).")
    int inFlight;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.Positive.class, defaultValue = "10s",
            description = "How long to run, 1ms to 24h (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warmup", paramLabel = "auto|DURATION", converter = WarmUp.Converter.class, defaultValue = "auto",
            description = "Load run first and not measured, so the JIT has compiled the hot paths: auto keeps loading until the "
                    + "ops/s of the last 3 seconds agree within 10%% (at most --warmup-max), or a fixed time, 0s for none "
                    + "(default ${DEFAULT-VALUE}).")
    WarmUp.Plan warmup;

    @Option(names = "--warmup-max", paramLabel = "DURATION", converter = DurationConverter.Positive.class, defaultValue = "60s",
            description = "The longest an auto warm-up runs before the measured run starts anyway, 1ms to 24h (default ${DEFAULT-VALUE}).")
    Duration warmupMax;

    @Option(names = "--progress", description = "Print ops, ops/s and p99 of each second of the measured run on stderr.")
    boolean progress;

    @Option(names = "--ops", paramLabel = "N", defaultValue = "0", converter = NumberConverter.NonNegativeLong.class,
            description = "Stop after N operations (0: run for the duration).")
    long ops;

    @Option(names = "--value-size", paramLabel = "BYTES", defaultValue = "100", converter = SizeConverter.class,
            description = "Value size, 0..64MiB, e.g. 100 or 4KiB (default ${DEFAULT-VALUE}).")
    int valueSize;

    @Option(names = "--keys", paramLabel = "N", defaultValue = "10000", converter = NumberConverter.BenchKeys.class,
            description = "Distinct keys, picked uniformly, 1..10000000 (default ${DEFAULT-VALUE}).")
    int keys;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "100", converter = NumberConverter.Batch.class,
            description = "Puts per PutMany stream in putmany mode, 1..100000 (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--route", description = "Send each key's calls straight to its first replica, by the ring the node describes,"
            + " as the Java client does (putmany batches still go to the node, which forwards).")
    boolean route;

    @Override
    int run(VkvClient client, ResultPrinter printer) throws InterruptedException {
        client.get(BenchRun.key(0).toByteArray());
        BenchRun.Settings settings = new BenchRun.Settings(mode, inFlight, duration, ops, valueSize, keys, batch, connection.timeout,
                connection.readQuorum, connection.writeQuorum);
        BenchTargets targets = route ? BenchTargets.routed(connection.node, client.ring(), keys, connection.credentials())
                : BenchTargets.node(connection.node, connection.credentials());
        try {
            BenchRun run = new BenchRun(targets, settings);
            if (mode == BenchRun.Mode.GET) {
                prefill(client, run);
            }
            if (warmup.auto()) {
                err().println(WarmUp.auto(targets, settings, warmupMax).describe());
            } else {
                WarmUp.fixed(targets, settings, warmup.fixed());
            }
            long cpuBefore = ClientCpu.processNanos();
            BenchRun.Result result = run.run(progress ? this::printSecond : BenchRun.Ticks.NONE);
            long cpuAfter = ClientCpu.processNanos();
            if (result.calls() == 0 && result.errors() > 0) {
                throw new VkvException("bench: every call failed (" + result.firstError() + ")");
            }
            ClientCpu cpu = ClientCpu.between(cpuBefore, cpuAfter, result);
            report(spec.commandLine().getOut(), settings, result, cpu);
            if (cpu.clientBound()) {
                err().println(cpu.warning());
            }
        } finally {
            targets.close();
        }
        return 0;
    }

    private boolean printSecond(BenchRun.Second s) {
        Histogram h = s.latencyMicros();
        err().printf(Locale.ROOT, "%.2f s: %d ops, %.0f ops/s, p99 %.3f ms%n", s.at().toNanos() / 1e9, s.ops(), s.opsPerSecond(), ms(h, 99));
        return true;
    }

    /** Reads {@code --mode} as the user writes it, in lower case. */
    static final class ModeConverter implements ITypeConverter<BenchRun.Mode> {
        @Override
        public BenchRun.Mode convert(String value) {
            for (BenchRun.Mode mode : BenchRun.Mode.values()) {
                if (name(mode).equals(value)) {
                    return mode;
                }
            }
            throw new TypeConversionException(Quote.of(value) + " is not a mode; allowed: put, get, putmany");
        }

        /** What shell completion offers. */
        static final class Names extends ArrayList<String> {
            Names() {
                super(Arrays.stream(BenchRun.Mode.values()).map(BenchCommand::name).toList());
            }
        }
    }

    static String name(BenchRun.Mode mode) {
        return mode.name().toLowerCase(Locale.ROOT);
    }

    /** Writes every key once so that gets find values; each write replaces what an earlier run left. */
    private void prefill(VkvClient client, BenchRun run) {
        int page = 500;
        for (int from = 0; from < keys; from += page) {
            List<byte[]> batchKeys = new ArrayList<>();
            for (int i = from; i < Math.min(keys, from + page); i++) {
                batchKeys.add(BenchRun.key(i).toByteArray());
            }
            List<Versions> read = client.getMany(batchKeys);
            List<Put> puts = new ArrayList<>();
            for (int i = 0; i < batchKeys.size(); i++) {
                puts.add(new Put(batchKeys.get(i), new byte[valueSize], read.get(i).context()));
            }
            client.putMany(puts);
        }
    }

    private void report(PrintWriter out, BenchRun.Settings s, BenchRun.Result r, ClientCpu cpu) {
        Histogram h = r.latencyMicros();
        double seconds = r.elapsed().toNanos() / 1e9;
        if (connection.json) {
            out.println(Json.write(json -> {
                json.writeStartObject();
                json.writeStringField("mode", name(mode));
                json.writeNumberField("in_flight", s.inFlight());
                json.writeNumberField("r", s.r());
                json.writeNumberField("w", s.w());
                json.writeNumberField("ops", r.ops());
                json.writeNumberField("calls", r.calls());
                json.writeNumberField("errors", r.errors());
                json.writeNumberField("seconds", round(seconds));
                json.writeNumberField("ops_per_sec", Math.round(r.opsPerSecond()));
                json.writeNumberField("p50_ms", ms(h, 50));
                json.writeNumberField("p99_ms", ms(h, 99));
                json.writeNumberField("p999_ms", ms(h, 99.9));
                json.writeNumberField("max_ms", h.getTotalCount() == 0 ? 0 : round(h.getMaxValue() / 1000.0));
                json.writeNumberField("client_cpu_s", round(cpu.seconds()));
                json.writeNumberField("client_cpu_us_per_op", round(cpu.microsPerOp()));
                json.writeEndObject();
            }));
        } else {
            out.printf("%s: %d in flight, %d-byte values, %d keys%s%s%n", name(mode), s.inFlight(), s.valueSize(), s.keys(),
                    s.mode() == BenchRun.Mode.PUTMANY ? ", " + s.batch() + " puts per stream" : "",
                    (s.r() == 0 ? "" : ", r=" + s.r()) + (s.w() == 0 ? "" : ", w=" + s.w()));
            out.printf("%d ops in %.2f s: %.0f ops/s%n", r.ops(), seconds, r.opsPerSecond());
            out.printf("latency per call: p50 %.3f ms  p99 %.3f ms  p999 %.3f ms  max %.3f ms%n",
                    ms(h, 50), ms(h, 99), ms(h, 99.9), h.getTotalCount() == 0 ? 0 : h.getMaxValue() / 1000.0);
            out.printf(Locale.ROOT, "client CPU: %.2f s, %.1f µs per op, %.0f%% of a core%n", cpu.seconds(), cpu.microsPerOp(), cpu.shareOfACore() * 100);
            out.printf("errors: %d%s%n", r.errors(), r.firstError() == null ? "" : " (first: " + r.firstError() + ")");
        }
    }

    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : round(h.getValueAtPercentile(percentile) / 1000.0);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
