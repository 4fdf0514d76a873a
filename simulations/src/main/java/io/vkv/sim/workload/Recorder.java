package io.vkv.sim.workload;

import io.vkv.sim.history.Dot;
import io.vkv.sim.history.HistoryFile;
import io.vkv.sim.history.Op;
import io.vkv.sim.history.OpType;
import io.vkv.sim.history.Outcome;
import io.vkv.sim.history.Vv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records every operation of a run as it completes: appended to the history file at once, counted in the metrics,
 * and acknowledged writes kept for the run to ask which ones a node coordinated. The run's clock starts here.
 */
public final class Recorder implements AutoCloseable {

    private final long startNanos = System.nanoTime();
    private final HistoryFile file;
    private final AtomicLong ids = new AtomicLong();
    private final Metrics metrics = new Metrics();
    private final List<Op> acknowledged = new CopyOnWriteArrayList<>();

    public Recorder(Path historyFile) throws IOException {
        this.file = HistoryFile.create(historyFile);
    }

    /** Milliseconds since the run started. */
    public long now() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Records an operation that started at {@code startMillis} and completed now. */
    public Op record(int client, String node, OpType type, String key, String value, Vv context, long startMillis,
                     Outcome outcome, Dot dot, int siblings, String error) {
        return record(client, node, type, key, value, context, startMillis, outcome, dot, 0, siblings, error);
    }

    /** The same, for an acknowledged write numbered {@code version}. */
    public Op record(int client, String node, OpType type, String key, String value, Vv context, long startMillis,
                     Outcome outcome, Dot dot, long version, int siblings, String error) {
        long end = Math.max(startMillis, now());
        Op op;
        synchronized (this) { // ids in the order lines reach the file
            op = new Op(ids.incrementAndGet(), client, node, type, key, value, context, startMillis, end, outcome, dot, siblings, error, version);
            try {
                file.append(op);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to the history file", e);
            }
        }
        metrics.add(op);
        if (op.acknowledgedWrite()) {
            acknowledged.add(op);
        }
        return op;
    }

    /** Acknowledged writes so far. */
    public List<Op> acknowledgedWrites() {
        return List.copyOf(acknowledged);
    }

    public Metrics metrics() {
        return metrics;
    }

    /** Flushes and closes the history file. */
    @Override
    public void close() throws IOException {
        file.close();
    }
}
