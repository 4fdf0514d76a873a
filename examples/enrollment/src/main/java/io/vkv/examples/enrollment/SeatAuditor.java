package io.vkv.examples.enrollment;

import io.vkv.client.KeyChange;
import io.vkv.client.VkvClient;
import io.vkv.client.VkvException;
import io.vkv.client.WatchHandle;
import io.vkv.client.WatchListener;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds courses over-filled once enrollments from several portals meet, and settles them ({@link Enrollments#settle}).
 * It watches every enrollment key through vkv's Watch (a change replicated from another node arrives there too) and
 * also sweeps all courses now and then, which covers changes made while its watch was down.
 */
final class SeatAuditor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SeatAuditor.class);

    private final VkvClient kv;
    private final Enrollments enrollments;
    private final Records records;
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "seat-auditor");
        t.setDaemon(true);
        return t;
    });
    private volatile WatchHandle watch;

    SeatAuditor(VkvClient kv, Records records, Enrollments enrollments) {
        this.kv = kv;
        this.records = records;
        this.enrollments = enrollments;
    }

    /** Starts watching, settling changed courses every {@code everyMillis} and every course every {@code sweepMillis}. */
    SeatAuditor start(long everyMillis, long sweepMillis) {
        worker.execute(this::watch);
        worker.scheduleWithFixedDelay(this::settleDirty, everyMillis, everyMillis, TimeUnit.MILLISECONDS);
        worker.scheduleWithFixedDelay(this::sweep, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
        return this;
    }

    private void watch() {
        try {
            watch = kv.watch(Keys.allCourses(), new WatchListener() {
                @Override
                public void onChange(KeyChange change) {
                    String[] cs = Keys.courseAndStudent(change.state().keyString());
                    if (cs != null) {
                        dirty.add(cs[0]);
                    }
                }

                @Override
                public void onError(VkvException e) {
                    if (!worker.isShutdown()) {
                        log.info("seat watch ended ({}); watching again", e.getMessage());
                        watchAgain();
                    }
                }
            });
        } catch (VkvException e) {
            watchAgain();
        }
    }

    private void watchAgain() {
        try {
            worker.schedule(this::watch, 1, TimeUnit.SECONDS);
        } catch (RejectedExecutionException closing) {
            // the portal is stopping: nothing to watch for
        }
    }

    private void settleDirty() {
        for (String course : Set.copyOf(dirty)) {
            dirty.remove(course);
            try {
                enrollments.settle(course);
            } catch (VkvException e) {
                dirty.add(course); // again next time
            }
        }
    }

    private void sweep() {
        try {
            for (byte[] record : records.all(Kind.DISCIPLINA)) {
                dirty.add(Enrollments.parse(record).getSigla());
            }
        } catch (VkvException e) {
            log.debug("seat sweep skipped: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        WatchHandle w = watch;
        if (w != null) {
            w.close();
        }
        worker.shutdownNow();
    }
}
