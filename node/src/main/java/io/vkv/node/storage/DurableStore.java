package io.vkv.node.storage;

import io.vkv.placement.KeyPartitioner;
import io.vkv.node.runtime.Clock;
import io.vkv.node.runtime.NodeRuntime;
import io.vkv.node.version.Actor;
import io.vkv.node.version.KeyState;
import io.vkv.node.version.WriteStep;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable replica store: memory for reads, the operation log for durability, snapshots to bound
 * recovery. Changes to one key are serialised by a lock stripe, and each reaches memory before the log,
 * so a write step always sees the state that holds the key's previous write (docs/architecture.md,
 * "The invariant").
 */
public final class DurableStore implements ReplicaStore {

    private static final Logger LOG = LoggerFactory.getLogger(DurableStore.class);
    private static final int STRIPES = 1024;

    private final DataDirectory dir;
    private final Actor actor;
    private final boolean actorIsNew;
    private final StorageOptions options;
    private final KeyPartitioner partitioner;
    private final MemoryStore memory;
    private final Object[] stripes = new Object[STRIPES];
    // Writers hold the read side from memory update to log enqueue; a log rotation takes the write
    // side, so every record of the old log is in memory before a snapshot starts reading it.
    private final ReentrantReadWriteLock rotation = new ReentrantReadWriteLock();
    private final List<ChangeListener> listeners = new CopyOnWriteArrayList<>();
    private final OperationLog log;
    private final Snapshots snapshots;
    private volatile boolean closed;
    private NodeMeta meta; // guarded by this

    private DurableStore(DataDirectory dir, NodeMeta meta, boolean actorIsNew, StorageOptions options, Recovery.Result recovered,
                         NodeRuntime runtime, StoreObserver observer) throws IOException {
        this.dir = dir;
        this.actor = meta.actor();
        this.meta = meta;
        this.actorIsNew = actorIsNew;
        this.options = options;
        this.partitioner = new KeyPartitioner(meta.partitions());
        this.memory = recovered.memory();
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
        this.log = new OperationLog(dir.log(recovered.lastLog()), options.fsync(), runtime.threads(), runtime.clock(), observer);
        this.snapshots = new Snapshots(dir, memory, this::rotateLog, recovered.lastLog(), options.snapshotInterval(),
                runtime.threads(), runtime.clock(), observer);
    }

    /**
     * Opens (creating if needed) the store in {@code options.dataDir()}, recovering its data first; the
     * runtime's randomness draws the incarnation of a new actor.
     */
    public static DurableStore open(StorageOptions options, NodeRuntime runtime) throws IOException {
        return open(options, runtime, StoreObserver.NONE);
    }

    /** The same, telling {@code observer} of the log's flushes and of snapshots. */
    public static DurableStore open(StorageOptions options, NodeRuntime runtime, StoreObserver observer) throws IOException {
        Clock clock = runtime.clock();
        DataDirectory dir = DataDirectory.open(options.dataDir());
        try {
            NodeMeta meta = dir.readMeta();
            boolean clean = dir.takeCleanMarker();
            long started = clock.nanos();
            if (meta != null) {
                checkIdentity(dir, meta, options);
            }
            Recovery.Result r = Recovery.recover(dir, new KeyStateCodec(), options.historyMaxVersions());
            boolean actorIsNew = true;
            if (meta == null) {
                meta = new NodeMeta(options.nodeId(), newIncarnation(runtime.random()), options.partitions());
                dir.writeMeta(meta);
                LOG.info("data directory {} created for node {} as actor {}", dir.path(), meta.nodeId(), meta.actor());
            } else if (!clean || !r.problems().isEmpty()) {
                // Counters come back from the recovered data. After a crash, reads may have seen writes
                // that never reached the disk; after damage, recovery may have lost records: either way
                // the old actor's later counters may be known elsewhere and must never be issued again.
                NodeMeta next = meta.withIncarnation(newIncarnation(runtime.random()));
                dir.writeMeta(next);
                LOG.warn("node {} {}: retiring actor {} and continuing as {}", meta.nodeId(),
                        clean ? "recovered with problems" : "did not shut down cleanly", meta.actor(), next.actor());
                meta = next;
            } else {
                actorIsNew = false;
            }
            DurableStore store = new DurableStore(dir, meta, actorIsNew, options, r, runtime, observer);
            LOG.info("recovered {} keys in {} ms (snapshot {}, {} snapshot entries, {} log records, {} problems)",
                    r.memory().size(), (clock.nanos() - started) / 1_000_000, r.snapshot() < 0 ? "none" : "snap." + r.snapshot(),
                    r.snapshotEntries(), r.logRecords(), r.problems().size());
            return store;
        } catch (IOException | RuntimeException e) {
            dir.close();
            throw e;
        }
    }

    private static void checkIdentity(DataDirectory dir, NodeMeta meta, StorageOptions options) throws IOException {
        if (!meta.nodeId().equals(options.nodeId())) {
            throw new IOException("data directory " + dir.path() + " belongs to node '" + meta.nodeId() + "', not '" + options.nodeId() + "'");
        }
        if (meta.partitions() != options.partitions()) {
            throw new IOException("data directory " + dir.path() + " was created with " + meta.partitions()
                    + " partitions; the partition count is fixed at creation (configured: " + options.partitions() + ")");
        }
    }

    private static long newIncarnation(RandomGenerator random) {
        long n;
        do {
            n = random.nextLong() & 0xffffffffL; // 32 bits: short to print, ample for restarts
        } while (n == 0);
        return n;
    }

    @Override
    public Actor actor() {
        return actor;
    }

    @Override
    public boolean actorIsNew() {
        return actorIsNew;
    }

    /** The ring token this node chose or was given in an earlier run, if any. */
    public synchronized OptionalLong ringToken() {
        return meta.ringToken();
    }

    /** Keeps {@code token} as this node's ring token (durably, before returning), so a restart keeps its place on the ring. */
    public synchronized void saveRingToken(long token) throws IOException {
        if (meta.ringToken().equals(OptionalLong.of(token))) {
            return;
        }
        NodeMeta next = meta.withRingToken(token);
        dir.writeMeta(next);
        meta = next;
    }

    /** The data directory. */
    public Path dataDir() {
        return dir.path();
    }

    /** The options the store was opened with. */
    public StorageOptions options() {
        return options;
    }

    @Override
    public KeyPartitioner partitioner() {
        return partitioner;
    }

    @Override
    public KeyState get(byte[] key) {
        return memory.get(Key.wrap(key));
    }

    @Override
    public CompletableFuture<WriteStep.Outcome> write(byte[] keyBytes, Function<KeyState, WriteStep.Outcome> step) {
        Key key = Key.wrap(keyBytes);
        WriteStep.Outcome outcome;
        CompletableFuture<Void> durable;
        rotation.readLock().lock();
        try {
            synchronized (stripe(key)) {
                requireOpen();
                LogFailedException refused = log.refusal();
                if (refused != null) {
                    return CompletableFuture.failedFuture(refused); // memory must not get a write the disk never will
                }
                outcome = memory.write(key, step);
                durable = log.append(LogRecordFormat.frame(key.bytes(), outcome.delta()));
            }
        } finally {
            rotation.readLock().unlock();
        }
        snapshots.changed();
        int partition = partitioner.partitionOf(keyBytes);
        return durable.thenApply(v -> {
            notifyListeners(key, partition, outcome.delta(), outcome.next(), true);
            return outcome;
        });
    }

    @Override
    public CompletableFuture<KeyState> merge(byte[] keyBytes, KeyState remote) {
        options.limits().checkKey(keyBytes); // the last guard: a state from elsewhere never lands under a key no client could use
        if (remote == null) {
            throw new InvalidRequestException("state must not be null (KeyState.EMPTY merges as nothing)");
        }
        Key key = Key.wrap(keyBytes);
        KeyState next;
        CompletableFuture<Void> durable;
        rotation.readLock().lock();
        try {
            synchronized (stripe(key)) {
                requireOpen();
                LogFailedException refused = log.refusal();
                if (refused != null) {
                    return CompletableFuture.failedFuture(refused);
                }
                next = memory.mergeIfNew(key, remote);
                if (next == null) {
                    return CompletableFuture.completedFuture(memory.get(key)); // nothing new: no log record, no event
                }
                durable = log.append(LogRecordFormat.frame(key.bytes(), remote));
            }
        } finally {
            rotation.readLock().unlock();
        }
        snapshots.changed();
        int partition = partitioner.partitionOf(keyBytes);
        return durable.thenApply(v -> {
            notifyListeners(key, partition, remote, next, false);
            return next;
        });
    }

    @Override
    public CompletableFuture<Integer> mergeAll(List<Entry> remote) {
        List<Entry> changed = new ArrayList<>(remote.size());
        List<KeyState> nexts = new ArrayList<>(remote.size());
        List<byte[]> frames = new ArrayList<>(remote.size());
        int bytes = 0;
        CompletableFuture<Void> durable;
        rotation.readLock().lock();
        try {
            requireOpen();
            LogFailedException refused = log.refusal();
            if (refused != null) {
                return CompletableFuture.failedFuture(refused);
            }
            for (Entry e : remote) {
                options.limits().checkKey(e.key().bytes());
                synchronized (stripe(e.key())) {
                    KeyState next = memory.mergeIfNew(e.key(), e.state());
                    if (next != null) {
                        changed.add(e);
                        nexts.add(next);
                        byte[] frame = LogRecordFormat.frame(e.key().bytes(), e.state());
                        frames.add(frame);
                        bytes += frame.length;
                    }
                }
            }
            if (changed.isEmpty()) {
                // Nothing new, but what is in memory may have come by a record still on its way to disk; a push
                // (a quorum write, a hint's hand-off) is answered as durable, so wait for it. No record, no event.
                return log.barrier().thenApply(v -> 0);
            }
            durable = log.append(concat(frames, bytes)); // consecutive records, written and synced as one
        } finally {
            rotation.readLock().unlock();
        }
        snapshots.changed();
        return durable.thenApply(v -> {
            for (int i = 0; i < changed.size(); i++) {
                Entry e = changed.get(i);
                notifyListeners(e.key(), partitioner.partitionOf(e.key().bytes()), e.state(), nexts.get(i), false);
            }
            return changed.size();
        });
    }

    private static byte[] concat(List<byte[]> frames, int bytes) {
        if (frames.size() == 1) {
            return frames.get(0);
        }
        byte[] all = new byte[bytes];
        int at = 0;
        for (byte[] f : frames) {
            System.arraycopy(f, 0, all, at, f.length);
            at += f.length;
        }
        return all;
    }

    @Override
    public List<Entry> scan(byte[] from, byte[] to, int limit) {
        if (limit < 1) {
            throw new InvalidRequestException("scan limit must be at least 1, got " + limit);
        }
        Key f = from == null || from.length == 0 ? null : Key.wrap(from);
        Key t = to == null || to.length == 0 ? null : Key.wrap(to);
        return memory.scan(f, t, limit);
    }

    @Override
    public long dropPartition(int partition) throws IOException {
        if (partition < 0 || partition >= partitioner.partitions()) {
            throw new IllegalArgumentException("partition must be in 0.." + (partitioner.partitions() - 1) + ", got " + partition);
        }
        List<Key> doomed = new ArrayList<>();
        for (Map.Entry<Key, KeyState> e : memory.entries()) {
            if (partitioner.partitionOf(e.getKey().bytes()) == partition) {
                doomed.add(e.getKey());
            }
        }
        for (Key key : doomed) {
            synchronized (stripe(key)) {
                memory.remove(key);
            }
        }
        // The log still holds the dropped keys' records; a snapshot taken now is where recovery starts.
        snapshots.take();
        LOG.info("node {} dropped partition {} ({} keys)", actor.nodeId(), partition, doomed.size());
        return doomed.size();
    }

    @Override
    public long keyCount() {
        return memory.size();
    }

    @Override
    public void addListener(ChangeListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(ChangeListener listener) {
        listeners.remove(listener);
    }

    /** Takes a snapshot now (rotating the log); returns its number. */
    public long snapshot() throws IOException {
        requireOpen();
        return snapshots.take();
    }

    private CompletableFuture<Void> rotateLog(long number) {
        rotation.writeLock().lock();
        try {
            requireOpen(); // close() sets closed under this lock before it closes the log: no rotation after it
            return log.rotate(dir.log(number));
        } finally {
            rotation.writeLock().unlock();
        }
    }

    private void notifyListeners(Key key, int partition, KeyState delta, KeyState state, boolean local) {
        for (ChangeListener l : listeners) {
            try {
                l.onChange(key, partition, delta, state, local);
            } catch (RuntimeException e) {
                LOG.warn("change listener {} failed on key {}: {}", l, key, e.toString());
            }
        }
    }

    private Object stripe(Key key) {
        return stripes[(key.hashCode() & 0x7fffffff) % STRIPES];
    }

    private void requireOpen() {
        if (closed) {
            throw new StoreClosedException("the store of node " + actor.nodeId() + " is closed");
        }
    }

    @Override
    public void close() {
        rotation.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            rotation.writeLock().unlock();
        }
        snapshots.close();
        log.close();
        try {
            if (log.healthy()) {
                dir.markClean(); // an unclean mark makes the next start take a new incarnation
            }
            dir.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing data directory " + dir.path() + ": " + e.getMessage(), e);
        }
        LOG.info("store of node {} closed cleanly ({} keys)", actor.nodeId(), memory.size());
    }
}
