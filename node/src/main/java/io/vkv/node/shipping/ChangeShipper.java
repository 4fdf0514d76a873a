package io.vkv.node.shipping;

import io.vkv.node.config.ReplicationConfig;
import io.vkv.node.metrics.ReplicationStats;
import io.vkv.node.mqtt.Topics;
import io.vkv.node.runtime.Clock;
import io.vkv.node.runtime.Threads;
import io.vkv.node.storage.ChangeListener;
import io.vkv.node.storage.Key;
import io.vkv.node.storage.KeyStateWriter;
import io.vkv.node.version.Actor;
import io.vkv.node.version.KeyState;
import io.vkv.node.version.Sibling;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships the writes this node coordinates: the change listener hands each one (the key's whole new
 * state) to a bounded queue without ever blocking the log writer; a publisher thread puts each
 * partition's changes in counter order ({@link PartitionSequencer}), batches them per partition by
 * time (a {@link BatchWindow} that stretches under load) and size, and publishes each batch with the counter span it covers. A change that does not
 * fit in the queue, or a batch the broker does not take, is left to anti-entropy ({@code onLoss}).
 */
public final class ChangeShipper implements ChangeListener, AutoCloseable {

    /** Publishes one payload at QoS 1; false when it could not be handed to the broker. */
    public interface Publisher {
        boolean publish(String topic, byte[] payload) throws InterruptedException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ChangeShipper.class);
    // Longer than a group commit plus scheduling delays ever keep two writes of a partition apart.
    private static final long HOLD_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long IDLE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final int ENTRY_OVERHEAD = 8;
    private static final int MAX_DRAIN = 4096;

    private record Change(Key key, int partition, long counter, KeyState state, long queuedAt) {
    }

    private final Clock clock;
    private final Actor self;
    private final ReplicationConfig config;
    private final Topics topics;
    private final BatchCodec batches;
    private final Publisher publisher;
    private final ReplicationStats stats;
    private final IntConsumer onLoss;
    private final ArrayBlockingQueue<Change> queue;
    private final AtomicIntegerArray lost;
    private final AtomicLongArray droppedUpTo; // per partition, the highest counter dropped on overflow
    private volatile boolean anyLost;
    private final List<PartitionSequencer<Change>> sequencers = new ArrayList<>();
    private final List<Outgoing> outgoing = new ArrayList<>();
    private final Set<Outgoing> open = new LinkedHashSet<>(); // insertion order = opening order
    private final Set<Integer> holding = new HashSet<>();
    private final BatchWindow window; // publisher thread only
    private long newestOpening; // openedAt of the batch opened last
    private final Thread thread;
    private volatile boolean running = true;
    // Sink callbacks cannot throw InterruptedException: they record it and the loop rethrows it.
    private boolean interrupted;

    public ChangeShipper(Actor self, int partitions, ReplicationConfig config, Topics topics, BatchCodec batches,
                  Publisher publisher, ReplicationStats stats, IntConsumer onLoss, Clock clock, Threads threads) {
        this.clock = clock;
        this.self = self;
        this.config = config;
        this.topics = topics;
        this.batches = batches;
        this.publisher = publisher;
        this.stats = stats;
        this.onLoss = onLoss;
        this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
        this.lost = new AtomicIntegerArray(partitions);
        this.droppedUpTo = new AtomicLongArray(partitions);
        for (int p = 0; p < partitions; p++) {
            sequencers.add(new PartitionSequencer<>());
            outgoing.add(new Outgoing(p));
        }
        this.window = new BatchWindow(config.batchWindow().toNanos(), clock.nanos());
        this.thread = threads.newThread("replication-publisher", this::run);
    }

    public void start() {
        thread.start();
    }

    @Override
    public void onChange(Key key, int partition, KeyState delta, KeyState state, boolean local) {
        if (!local) {
            return; // remote changes are never re-published: their origin shipped them
        }
        long counter = counterOf(delta);
        if (counter == 0 || !queue.offer(new Change(key, partition, counter, state, clock.nanos()))) {
            droppedUpTo.accumulateAndGet(partition, counter, Math::max);
            lost.set(partition, 1);
            anyLost = true;
            stats.recordOverflow();
        }
    }

    private long counterOf(KeyState delta) {
        for (Sibling s : delta.siblings()) {
            if (s.dot().actor().equals(self)) {
                return s.dot().counter();
            }
        }
        return 0; // a write obsolete on arrival carries no sibling: nothing to sequence it by
    }

    private void run() {
        List<Change> drained = new ArrayList<>(MAX_DRAIN);
        try {
            while (running || !queue.isEmpty()) {
                Change first = awaitWork();
                if (first != null) {
                    drained.add(first);
                }
                queue.drainTo(drained, MAX_DRAIN - drained.size());
                long now = clock.nanos();
                window.observe(drained.size(), now);
                if (anyLost) {
                    resetLostPartitions(now);
                }
                for (Change x : drained) {
                    PartitionSequencer<Change> seq = sequencers.get(x.partition());
                    seq.offer(x, x.counter(), now, outgoing.get(x.partition()));
                    if (seq.holding()) {
                        holding.add(x.partition());
                    } else {
                        holding.remove(x.partition());
                    }
                }
                drained.clear();
                expireHolds(now);
                flushDue(now);
            }
            for (int p = 0; p < sequencers.size(); p++) {
                sequencers.get(p).reset(clock.nanos(), outgoing.get(p)); // ships what is held, then flushes
            }
        } catch (InterruptedException e) {
            LOG.warn("replication publisher of {} interrupted with {} changes queued: anti-entropy will ship them", self, queue.size());
        }
    }

    /**
     * Sleeps until the next deadline unless changes are queued. While a batch is open its deadline
     * wakes the thread, not each change: a wake-up per write would cost the log writer and this
     * thread more than shipping the write. Idle, the first change wakes it (and is returned).
     */
    private Change awaitWork() throws InterruptedException {
        if (!queue.isEmpty() || !running) {
            return null;
        }
        long now = clock.nanos();
        long wait = nextDeadline(now) - now;
        if (wait <= 0) {
            return null;
        }
        if (open.isEmpty()) {
            return queue.poll(wait, TimeUnit.NANOSECONDS);
        }
        LockSupport.parkNanos(this, wait);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return null;
    }

    private long nextDeadline(long now) {
        long deadline = now + IDLE_WAIT_NANOS;
        Iterator<Outgoing> it = open.iterator();
        if (it.hasNext()) {
            deadline = Math.min(deadline, it.next().openedAt + window.nanos());
        }
        for (int p : holding) {
            deadline = Math.min(deadline, sequencers.get(p).heldSince() + HOLD_NANOS);
        }
        return deadline;
    }

    private void resetLostPartitions(long now) throws InterruptedException {
        anyLost = false;
        for (int p = 0; p < lost.length(); p++) {
            if (lost.getAndSet(p, 0) != 0) {
                sequencers.get(p).reset(now, outgoing.get(p));
                holding.remove(p);
                onLoss.accept(p);
            }
        }
        rethrowInterrupt();
    }

    private void expireHolds(long now) throws InterruptedException {
        for (Iterator<Integer> it = holding.iterator(); it.hasNext(); ) {
            int p = it.next();
            PartitionSequencer<Change> seq = sequencers.get(p);
            if (seq.missing() <= droppedUpTo.get(p)) {
                seq.giveUp(now, outgoing.get(p)); // the awaited counter may be one that was dropped: do not wait for it
            }
            seq.expire(now, HOLD_NANOS, outgoing.get(p));
            if (!seq.holding()) {
                it.remove();
            }
        }
        rethrowInterrupt();
    }

    private void flushDue(long now) throws InterruptedException {
        long windowNanos = window.nanos();
        Iterator<Outgoing> it = open.iterator();
        while (it.hasNext()) {
            Outgoing o = it.next();
            if (now - o.openedAt < windowNanos) {
                break;
            }
            it.remove();
            o.flush();
        }
        rethrowInterrupt();
    }

    private void rethrowInterrupt() throws InterruptedException {
        if (interrupted) {
            throw new InterruptedException();
        }
    }

    private void publish(int partition, long first, long last, Collection<byte[]> entries, int keys) {
        if (interrupted) {
            return;
        }
        byte[] payload = batches.encode(self, partition, first, last, clock.millis(), entries);
        try {
            if (publisher.publish(topics.changes(partition, self.nodeId()), payload)) {
                stats.recordPublished(keys);
                return;
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        stats.recordPublishFailure();
        onLoss.accept(partition);
    }

    /** Ships what is queued (waiting up to 5 s for the broker) and ends the publisher thread. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(5000);
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The batch being built for one partition: a contiguous span of counters. */
    private final class Outgoing implements PartitionSequencer.Sink<Change> {
        private final int partition;
        private final LinkedHashMap<Key, byte[]> entries = new LinkedHashMap<>(); // encoded KeyedStates
        private long first;
        private long last;
        private int bytes;
        private long openedAt;

        Outgoing(int partition) {
            this.partition = partition;
        }

        @Override
        public void next(Change c, long counter) {
            byte[] ks = encode(c);
            int size = ks.length + ENTRY_OVERHEAD;
            if (!entries.isEmpty() && !entries.containsKey(c.key())
                    && (entries.size() >= config.batchMaxKeys() || bytes + size > config.batchMaxBytes())) {
                flushNow();
            }
            if (entries.isEmpty()) {
                first = counter;
                // The window runs from when the change was queued, not from when this thread woke to
                // see it; never before an open batch's, so that opening order stays deadline order.
                openedAt = Math.max(c.queuedAt(), newestOpening);
                newestOpening = openedAt;
                open.add(this);
            }
            // A later write to the same key carries a state that includes the earlier one.
            byte[] previous = entries.put(c.key(), ks);
            if (previous != null) {
                bytes -= previous.length + ENTRY_OVERHEAD;
            }
            bytes += size;
            last = counter;
            if (entries.size() >= config.batchMaxKeys() || bytes >= config.batchMaxBytes()) {
                flushNow();
            }
        }

        @Override
        public void breakSpan() {
            flushNow();
        }

        @Override
        public void late(Change c, long counter) {
            publish(partition, counter, counter, List.of(encode(c)), 1);
        }

        private void flushNow() {
            open.remove(this);
            flush();
        }

        void flush() {
            if (entries.isEmpty()) {
                return;
            }
            publish(partition, first, last, entries.values(), entries.size());
            entries.clear();
            bytes = 0;
        }

        private byte[] encode(Change c) {
            return KeyStateWriter.keyed(c.key().bytes(), c.state());
        }
    }
}
