package io.vkv.bench;

import io.vkv.node.replication.ReplicationConfig;
import io.vkv.node.storage.NodeStore;
import io.vkv.node.storage.StorageOptions;
import io.vkv.node.testing.ClusterNode;
import io.vkv.node.testing.MoquetteBroker;
import io.vkv.node.testing.MosquittoBroker;
import io.vkv.node.testing.TestBroker;
import io.vkv.node.version.VersionVector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Replication throughput and lag: three in-process nodes (durable stores, fsync always) replicating
 * through a broker (Mosquitto by default), writes accepted at one node and applied on the other two.
 * <ol>
 *   <li>baseline: puts/s of one store alone, {@code inflight} puts outstanding;</li>
 *   <li>replicated: the same load on node 1 of the cluster; puts/s accepted there, and puts/s
 *       applied on both others (until the last one landed);</li>
 *   <li>lag: puts paced at each rate for {@code seconds}; time from issuing the put on node 1 to
 *       the change being durable on node 2 and on node 3, p50 / p99 / max.</li>
 * </ol>
 * Usage: {@code ReplicationBench [--seconds 5] [--inflight 256] [--rates 1000,10000] [--broker mosquitto|moquette]}.
 */
public final class ReplicationBench {

    private static final byte[] SECRET = "replication-bench-secret-0123456789".getBytes(StandardCharsets.UTF_8);

    private final int seconds;
    private final int inflight;
    private final List<Integer> rates;
    private final boolean mosquitto;
    private final Path work;

    private ReplicationBench(int seconds, int inflight, List<Integer> rates, boolean mosquitto, Path work) {
        this.seconds = seconds;
        this.inflight = inflight;
        this.rates = rates;
        this.mosquitto = mosquitto;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        int seconds = 5;
        int inflight = 256;
        List<Integer> rates = List.of(1000, 10000);
        boolean mosquitto = true;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--inflight" -> inflight = Integer.parseInt(args[i + 1]);
                case "--rates" -> rates = List.of(args[i + 1].split(",")).stream().map(Integer::parseInt).toList();
                case "--broker" -> mosquitto = !args[i + 1].equals("moquette");
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path work = Files.createTempDirectory("vkv-replication-bench");
        new ReplicationBench(seconds, inflight, rates, mosquitto, work).run();
        System.exit(0); // Paho and gRPC leave non-daemon threads behind in some versions
    }

    private void run() throws Exception {
        System.out.printf("vkv replication bench: %d s per phase, %d puts in flight, broker %s, fsync always%n",
                seconds, inflight, mosquitto ? "Mosquitto" : "Moquette (embedded)");
        double baseline;
        try (NodeStore alone = NodeStore.open(StorageOptions.defaults(work.resolve("alone"), "alone"))) {
            baseline = throughput(alone, "base").perSecond;
        }
        System.out.printf("single node:       %,10.0f puts/s%n", baseline);

        try (TestBroker broker = mosquitto ? MosquittoBroker.start(work.resolve("broker")) : MoquetteBroker.start(work.resolve("broker"))) {
            shippingAlone(broker, baseline);
            List<ClusterNode> nodes = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                nodes.add(ClusterNode.start("n" + i, work.resolve("n" + i), ReplicationConfig.defaults("bench", SECRET, broker.url())));
            }
            try {
                awaitSteadyCluster(nodes);
                Map<String, Long> issued = new ConcurrentHashMap<>();
                ConcurrentHistogram lag = new ConcurrentHistogram(3);
                AtomicLong applied = new AtomicLong();
                for (ClusterNode n : nodes.subList(1, 3)) {
                    n.store().addListener((key, partition, delta, state, local) -> {
                        if (!local) {
                            applied.incrementAndGet();
                            Long t = issued.get(key.toString());
                            if (t != null) {
                                lag.recordValue(Math.max(0, (System.nanoTime() - t) / 1000));
                            }
                        }
                    });
                }
                NodeStore writer = nodes.get(0).store();
                Result r = throughput(writer, "repl");
                long target = 2 * r.puts;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (applied.get() < target && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(1_000_000);
                }
                double appliedSeconds = (System.nanoTime() - r.startedNanos) / 1e9;
                System.out.printf("replicated:        %,10.0f puts/s accepted on n1 (%.1f%% of single node), %,.0f puts/s applied on n2 and n3%s%n",
                        r.perSecond, 100 * r.perSecond / baseline, r.puts / appliedSeconds,
                        applied.get() < target ? " (INCOMPLETE: " + applied.get() / 2 + " of " + r.puts + ")" : "");
                for (int rate : rates) {
                    lag.reset();
                    paced(writer, rate, issued, "lag" + rate);
                    long expected = 2L * rate * seconds;
                    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (lag.getTotalCount() < expected && System.nanoTime() < end) {
                        LockSupport.parkNanos(1_000_000);
                    }
                    Histogram h = lag.copy();
                    System.out.printf("lag at %,6d/s:    p50 %6.2f ms   p99 %7.2f ms   max %7.2f ms   (%,d of %,d applies)%n", rate,
                            h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0,
                            h.getTotalCount(), expected);
                }
                System.out.println("n1 " + nodes.get(0).replication().stats());
                System.out.println("n2 " + nodes.get(1).replication().stats());
            } finally {
                for (ClusterNode n : nodes) {
                    n.close();
                }
            }
        }
    }

    /**
     * The coordinator's own cost: one node shipping every write to the broker with no peer applying
     * them (on a small machine the peers would otherwise compete for the same cores).
     */
    private void shippingAlone(TestBroker broker, double baseline) throws InterruptedException {
        ClusterNode solo = ClusterNode.start("solo", work.resolve("solo"), ReplicationConfig.defaults("bench-solo", SECRET, broker.url()));
        try {
            awaitSteadyCluster(List.of(solo));
            Result r = throughput(solo.store(), "solo");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (solo.replication().stats().ownEchoes() < solo.replication().stats().published() - 1000 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(1_000_000);
            }
            var stats = solo.replication().stats();
            System.out.printf("shipping, no peer: %,10.0f puts/s (%.1f%% of single node); %,d of %,d changes published, %,d left to anti-entropy%n",
                    r.perSecond, 100 * r.perSecond / baseline, stats.publishedKeys(), r.puts, stats.overflows());
        } finally {
            solo.close();
        }
    }

    private record Result(long puts, double perSecond, long startedNanos) {
    }

    /** Puts as fast as the store acknowledges them, {@code inflight} at a time, for the configured time. */
    private Result throughput(NodeStore store, String prefix) throws InterruptedException {
        Semaphore window = new Semaphore(inflight);
        byte[] value = new byte[100];
        long started = System.nanoTime();
        long end = started + TimeUnit.SECONDS.toNanos(seconds);
        long n = 0;
        while (System.nanoTime() < end) {
            window.acquire();
            store.put((prefix + "-" + n++).getBytes(StandardCharsets.UTF_8), value, VersionVector.EMPTY)
                    .whenComplete((w, e) -> window.release());
        }
        window.acquire(inflight);
        double elapsed = (System.nanoTime() - started) / 1e9;
        return new Result(n, n / elapsed, started);
    }

    /** Puts at {@code rate} per second for the configured time, noting when each was issued. */
    private void paced(NodeStore store, int rate, Map<String, Long> issued, String prefix) {
        byte[] value = new byte[100];
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        long total = (long) rate * seconds;
        for (long i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            String key = prefix + "-" + i;
            issued.put(key, System.nanoTime());
            store.put(key.getBytes(StandardCharsets.UTF_8), value, VersionVector.EMPTY);
        }
    }

    /** Waits until every node sees the others up and has run its start-up anti-entropy with each: measure steady state. */
    private static void awaitSteadyCluster(List<ClusterNode> nodes) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (ClusterNode n : nodes) {
            while (n.replication().clusterView().members().stream().filter(m -> m.status().equals("up")).count() < nodes.size()
                    || n.replication().stats().antiEntropyRounds() < nodes.size() - 1) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the nodes did not see each other within 30 s");
                }
                Thread.sleep(20);
            }
        }
    }
}
