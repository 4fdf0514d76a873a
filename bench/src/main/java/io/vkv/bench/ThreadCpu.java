package io.vkv.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * CPU time of this JVM's threads between two points, summed over the threads a name predicate
 * picks: with several nodes in one process, it tells one node's cost from the others' (node
 * threads carry the node id). Threads that start and end within the interval are not counted.
 */
final class ThreadCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<Long, Long> startNanos;

    private ThreadCpu(Map<Long, Long> startNanos) {
        this.startNanos = startNanos;
    }

    /** Starts measuring now. */
    static ThreadCpu start() {
        if (!THREADS.isThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot measure per-thread CPU time");
        }
        THREADS.setThreadCpuTimeEnabled(true);
        Map<Long, Long> now = new HashMap<>();
        for (long id : THREADS.getAllThreadIds()) {
            now.put(id, Math.max(0, THREADS.getThreadCpuTime(id)));
        }
        return new ThreadCpu(now);
    }

    /** CPU nanoseconds since {@link #start} of the live threads whose name {@code picks} accepts. */
    long nanos(Predicate<String> picks) {
        return byThread(picks).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Per thread name, CPU nanoseconds since {@link #start} of the live threads {@code picks} accepts. */
    Map<String, Long> byThread(Predicate<String> picks) {
        Map<String, Long> out = new TreeMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && picks.test(info.getThreadName())) {
                long cpu = THREADS.getThreadCpuTime(info.getThreadId()); // -1 once the thread ended
                out.merge(info.getThreadName(), Math.max(0, cpu - startNanos.getOrDefault(info.getThreadId(), 0L)), Long::sum);
            }
        }
        return out;
    }

    /** Prints, thread by thread, the µs of CPU per put of the threads {@code picks} accepts, hiding those under 0.01 µs. */
    void print(Predicate<String> picks, long puts) {
        byThread(picks).forEach((name, nanos) -> {
            if (nanos >= puts * 10L) {
                System.out.printf("  %-45s %8.2f µs/put%n", name, nanos / 1000.0 / puts);
            }
        });
    }

    /** The threads of the node with id {@code nodeId}: their names end with it (or with it and {@code -pub}). */
    static Predicate<String> ofNode(String nodeId) {
        return name -> name.endsWith("-" + nodeId) || name.endsWith("-" + nodeId + "-pub");
    }
}
