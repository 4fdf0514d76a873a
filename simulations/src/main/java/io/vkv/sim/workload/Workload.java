package io.vkv.sim.workload;

import io.vkv.sim.cluster.NodeChannels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Concurrent clients doing puts, deletes and read-modify-write updates on a small key set through different nodes,
 * each on its own thread with its own seeded random source, every operation recorded by the {@link Recorder}.
 * A node can be avoided for a while (the clients stop sending to it), e.g. to drain it before its disk is lost.
 */
public final class Workload {

    /** How the clients behave. */
    public record Settings(int clients, int keys, Duration deadline, int minThinkMillis, int maxThinkMillis) {

        public static final Settings DEFAULT = new Settings(6, 8, Duration.ofSeconds(2), 2, 20);

        public Settings {
            if (clients < 1 || keys < 1 || minThinkMillis < 0 || maxThinkMillis < minThinkMillis) {
                throw new IllegalArgumentException("workload needs clients >= 1, keys >= 1 and 0 <= think min <= max");
            }
        }

        /** The keys, {@code k0..k<n-1>}. */
        public List<String> keyNames() {
            return IntStream.range(0, keys).mapToObj(i -> "k" + i).toList();
        }
    }

    private final Settings settings;
    private final NodeChannels channels;
    private final Recorder recorder;
    private final long seed;
    private final Set<String> avoided = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    public Workload(Settings settings, NodeChannels channels, Recorder recorder, long seed) {
        this.settings = settings;
        this.channels = channels;
        this.recorder = recorder;
        this.seed = seed;
    }

    /** Starts every client. */
    public synchronized void start() {
        if (running || !threads.isEmpty()) {
            throw new IllegalStateException("the workload runs once");
        }
        running = true;
        for (int c = 0; c < settings.clients(); c++) {
            WorkloadClient client = new WorkloadClient(c, this, seed * 1_000_003L + c);
            Thread t = new Thread(client::run, "sim-client-" + c);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** Stops the clients and waits until each has finished its operation in flight. */
    public synchronized void stop() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.join(settings.deadline().toMillis() * 3 + 5000);
        }
    }

    /** Clients stop choosing {@code node} until {@link #allow}. */
    public void avoid(String node) {
        avoided.add(node);
    }

    public void allow(String node) {
        avoided.remove(node);
    }

    /** Operations sent to {@code node} that have not completed yet. */
    public int inFlight(String node) {
        return inFlightCounter(node).get();
    }

    boolean running() {
        return running;
    }

    Settings settings() {
        return settings;
    }

    NodeChannels channels() {
        return channels;
    }

    Recorder recorder() {
        return recorder;
    }

    /** The nodes clients may send to now (every node when all are avoided, so that clients never stall). */
    List<String> allowedNodes() {
        List<String> allowed = channels.nodeIds().stream().filter(n -> !avoided.contains(n)).toList();
        return allowed.isEmpty() ? channels.nodeIds() : allowed;
    }

    AtomicInteger inFlightCounter(String node) {
        return inFlight.computeIfAbsent(node, n -> new AtomicInteger());
    }
}
