package io.vkv.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.Locale;

/**
 * The CPU the bench client's process used during a measured run. The whole process counts, GC and JIT threads
 * included: on a small machine they take cores from the node just as the calls themselves do.
 */
record ClientCpu(long cpuNanos, long ops, long elapsedNanos) {

    /** Above this share of one core the client, not the node, may be what limits the figure. */
    static final double CLIENT_BOUND_SHARE = 0.8;

    /** CPU time this process has used so far, in nanoseconds; 0 where the JVM cannot tell. */
    static long processNanos() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return Math.max(0, sun.getProcessCpuTime());
        }
        return 0;
    }

    static ClientCpu between(long before, long after, BenchRun.Result run) {
        return new ClientCpu(Math.max(0, after - before), run.ops(), run.elapsed().toNanos());
    }

    double seconds() {
        return cpuNanos / 1e9;
    }

    double microsPerOp() {
        return ops == 0 ? 0 : cpuNanos / 1e3 / ops;
    }

    double shareOfACore() {
        return elapsedNanos == 0 ? 0 : (double) cpuNanos / elapsedNanos;
    }

    boolean clientBound() {
        return shareOfACore() > CLIENT_BOUND_SHARE;
    }

    String warning() {
        return String.format(Locale.ROOT, "warning: the bench client used %.0f%% of a core; the figure may be client-bound, not node-bound",
                shareOfACore() * 100);
    }
}
