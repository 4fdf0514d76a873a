package io.vkv.node.shipping;

import io.vkv.node.config.ReplicationConfig;
import io.vkv.node.metrics.ReplicationStats;
import io.vkv.node.mqtt.Topics;
import io.vkv.node.ring.Ring;
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
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships the writes this node coordinates: the change listener hands each one (the key's whole new
 * state) to a bounded queue without ever blocking the log writer; a publisher thread puts each
 * partition's changes in counter order ({@link PartitionSequencer}) and gathers them into one message
 * per batch window (a {@link BatchWindow} that stretches under load) or size limit, in sections per
 * partition with the counter span each covers. The message goes to each peer on its own topic, holding
 * the sections of the partitions that peer replicates ({@link Ring}): messages grow with peers and load,
 * not with the partition count. A change that does not fit in the queue, or a message the broker does
 * not take, is left to anti-entropy ({@code onLoss}).
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
    private static final long UNSEQUENCED = -1; // the counter of a change that issued no dot

    private record Change(Key key, int partition, long counter, KeyState state, long queuedAt) {
    }

    private final Clock clock;
    private final Actor self;
    private final ReplicationConfig config;
    private final PeerMessages messages;
    private final ReplicationStats stats;
    private final IntConsumer onLoss;
    private final ArrayBlockingQueue<Change> queue;
    private final AtomicIntegerArray lost;
    private final AtomicLongArray droppedUpTo; // per partition, the highest counter dropped on overflow
    private volatile boolean anyLost;
    private final List<PartitionSequencer<Change>> sequencers = new ArrayList<>();
    private final List<Outgoing> outgoing = new ArrayList<>();
    private final Set<Outgoing> open = new LinkedHashSet<>(); // insertion order = opening order
    private final List<BatchCodec.Section> sections = new ArrayList<>(); // the message being gathered
    private long messageOpenedAt; // when its first change was queued (valid while the message holds keys)
    private int messageKeys;
    private int messageBytes;
    private int openKeys; // keys and bytes in the open partition batches, not yet sections
    private int openBytes;
    private final Set<Integer> holding = new HashSet<>();
    private final BatchWindow window; // publisher thread only
    private long newestOpening; // openedAt of the batch opened last
    private final Thread thread;
    private volatile boolean running = true;
    // Sink callbacks cannot throw InterruptedException: they record it and the loop rethrows it.
    private boolean interrupted;

    /**
     * A shipper for {@code self}'s changes of {@code ring}'s partitions to the nodes {@code peers} names at
     * the time of each message.
     */
    public ChangeShipper(Actor self, Ring ring, Supplier<? extends Collection<String>> peers, ReplicationConfig config, Topics topics,
                         BatchCodec batches, Publisher publisher, ReplicationStats stats, IntConsumer onLoss, Clock clock, Threads threads) {
        this.clock = clock;
        int partitions = ring.partitioner().partitions();
        this.self = self;
        this.config = config;
        this.messages = new PeerMessages(self, ring, peers, topics, batches, publisher, stats, onLoss, clock);
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

    /** Per partition, the highest counter this node's batches carried to every peer replicating it. */
    public long[] shipped() {
        return messages.shipped();
    }

    @Override
    public void onChange(Key key, int partition, KeyState delta, KeyState state, boolean local) {
        if (!local) {
            return; // remote changes are never re-published: their origin shipped them
        }
        long counter = counterOf(delta);
        if (counter == 0 && delta.siblingCount() == 0 && delta.covered().isEmpty() && !delta.history().isEmpty()) {
            counter = UNSEQUENCED; // a trim issues no dot: shipped outside the partition's span
        }
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
                    if (x.counter() == UNSEQUENCED) {
                        outgoing.get(x.partition()).unsequenced(x);
                        continue;
                    }
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
            sendMessage();
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
        if (open.isEmpty() && messageKeys == 0) {
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
        if (messageKeys > 0 || !open.isEmpty()) {
            deadline = Math.min(deadline, messageOpenedAt() + window.nanos());
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

    /** When the message being gathered opened: its first section's, or the oldest open partition batch's. */
    private long messageOpenedAt() {
        long at = Long.MAX_VALUE;
        if (messageKeys > 0) {
            at = messageOpenedAt;
        }
        Iterator<Outgoing> it = open.iterator();
        if (it.hasNext()) {
            at = Math.min(at, it.next().openedAt);
        }
        return at;
    }

    private void flushDue(long now) throws InterruptedException {
        if ((messageKeys > 0 || !open.isEmpty()) && now - messageOpenedAt() >= window.nanos()) {
            sendMessage();
        }
        rethrowInterrupt();
    }

    private void rethrowInterrupt() throws InterruptedException {
        if (interrupted) {
            throw new InterruptedException();
        }
    }

    private void addSection(BatchCodec.Section section, int bytes, long openedAt) {
        if (messageKeys == 0) {
            messageOpenedAt = openedAt;
        }
        sections.add(section);
        messageKeys += section.entries().size();
        messageBytes += bytes;
    }

    /** Closes every open partition batch into the message and sends it. */
    private void sendMessage() {
        for (Outgoing o : open) {
            o.flush();
        }
        open.clear();
        if (sections.isEmpty()) {
            return;
        }
        List<BatchCodec.Section> out = List.copyOf(sections);
        sections.clear();
        messageKeys = 0;
        messageBytes = 0;
        if (interrupted) {
            return;
        }
        try {
            messages.send(out);
        } catch (InterruptedException e) {
            interrupted = true;
        }
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

    /** The changes of one partition gathered for the next message: a contiguous span of counters. */
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
            int grown = ks.length + ENTRY_OVERHEAD - (previous == null ? 0 : previous.length + ENTRY_OVERHEAD);
            bytes += grown;
            openBytes += grown;
            openKeys += previous == null ? 1 : 0;
            last = counter;
            if (messageKeys + openKeys >= config.batchMaxKeys() || messageBytes + openBytes >= config.batchMaxBytes()) {
                sendMessage();
            }
        }

        @Override
        public void breakSpan() {
            open.remove(this);
            flush();
        }

        @Override
        public void late(Change c, long counter) {
            byte[] ks = encode(c);
            addSection(new BatchCodec.Section(partition, counter, counter, List.of(ks)), ks.length + ENTRY_OVERHEAD, c.queuedAt());
        }

        /** A change that issued no dot: a section of its own with no span, which receivers merge without counting. */
        void unsequenced(Change c) {
            byte[] ks = encode(c);
            addSection(new BatchCodec.Section(partition, 0, 0, List.of(ks)), ks.length + ENTRY_OVERHEAD, c.queuedAt());
        }

        /** Moves this partition's span into the message as a section. */
        void flush() {
            if (entries.isEmpty()) {
                return;
            }
            addSection(new BatchCodec.Section(partition, first, last, List.copyOf(entries.values())), bytes, openedAt);
            openKeys -= entries.size();
            openBytes -= bytes;
            entries.clear();
            bytes = 0;
        }

        private byte[] encode(Change c) {
            return KeyStateWriter.keyed(c.key().bytes(), c.state());
        }
    }
}
