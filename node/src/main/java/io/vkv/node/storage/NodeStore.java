package io.vkv.node.storage;

import io.vkv.node.ring.KeyPartitioner;
import io.vkv.node.version.Actor;
import io.vkv.node.version.Dot;
import io.vkv.node.version.DotCounters;
import io.vkv.node.version.HybridClock;
import io.vkv.node.version.KeyState;
import io.vkv.node.version.Sibling;
import io.vkv.node.version.VersionVector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable replica behind the server: memory for reads, the operation log for durability,
 * snapshots to bound recovery. Writes to one key are serialised by a lock stripe so each gets its
 * dot against the state that holds the previous one (the invariant of DESIGN.md §2).
 */
public final class NodeStore implements Store {

    private static final Logger LOG = LoggerFactory.getLogger(NodeStore.class);
    private static final int STRIPES = 1024;

    private final DataDirectory dir;
    private final Actor actor;
    private final StorageOptions options;
    private final KeyPartitioner partitioner;
    private final MemoryStore memory;
    private final DotCounters counters;
    private final HybridClock clock = new HybridClock(System::currentTimeMillis);
    private final Object[] stripes = new Object[STRIPES];
    // Writers hold the read side from memory update to log enqueue; a log rotation takes the write
    // side, so every record of the old log is in memory before a snapshot starts reading it.
    private final ReentrantReadWriteLock rotation = new ReentrantReadWriteLock();
    private final List<ChangeListener> listeners = new CopyOnWriteArrayList<>();
    private final OperationLog log;
    private final Snapshots snapshots;
    private volatile boolean closed;

    private NodeStore(DataDirectory dir, NodeMeta meta, boolean newActor, StorageOptions options, Recovery.Result recovered)
            throws IOException {
        this.dir = dir;
        this.actor = meta.actor();
        this.options = options;
        this.partitioner = new KeyPartitioner(meta.partitions());
        this.memory = recovered.memory();
        this.counters = new DotCounters(actor, meta.partitions());
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
        long latest = 0;
        for (Map.Entry<Key, KeyState> e : memory.entries()) {
            if (!newActor) { // a new incarnation has issued no dots yet
                counters.advancePast(partitioner.partitionOf(e.getKey().bytes()), e.getValue());
            }
            for (Sibling s : e.getValue().siblings()) {
                latest = Math.max(latest, s.hlc());
            }
        }
        clock.observe(latest);
        this.log = new OperationLog(dir.log(recovered.lastLog()), options.fsync(), options.nodeId());
        this.snapshots = new Snapshots(dir, memory, this::rotateLog, recovered.lastLog(), options.snapshotInterval(),
                options.nodeId());
    }

    /** Opens (creating if needed) the store in {@code options.dataDir()}, recovering its data first. */
    public static NodeStore open(StorageOptions options) throws IOException {
        DataDirectory dir = DataDirectory.open(options.dataDir());
        try {
            NodeMeta meta = dir.readMeta();
            boolean clean = dir.takeCleanMarker();
            long started = System.nanoTime();
            if (meta != null) {
                checkIdentity(dir, meta, options);
            }
            KeyStateCodec codec = new KeyStateCodec();
            Recovery.Result r = Recovery.recover(dir, codec);
            boolean newActor = true;
            if (meta == null) {
                meta = new NodeMeta(options.nodeId(), newIncarnation(), options.partitions());
                dir.writeMeta(meta);
                LOG.info("data directory {} created for node {} as actor {}", dir.path(), meta.nodeId(), meta.actor());
            } else if (!clean || !r.problems().isEmpty()) {
                // Counters come back from the recovered data. After a crash, reads may have seen writes
                // that never reached the disk; after damage, recovery may have lost records: either way
                // the old actor's later counters may be known elsewhere and must never be issued again.
                NodeMeta next = meta.withIncarnation(newIncarnation());
                dir.writeMeta(next);
                LOG.warn("node {} {}: retiring actor {} and continuing as {}", meta.nodeId(),
                        clean ? "recovered with problems" : "did not shut down cleanly", meta.actor(), next.actor());
                meta = next;
            } else {
                newActor = false;
            }
            NodeStore store = new NodeStore(dir, meta, newActor, options, r);
            LOG.info("recovered {} keys in {} ms (snapshot {}, {} snapshot entries, {} log records, {} problems)",
                    r.memory().size(), (System.nanoTime() - started) / 1_000_000, r.snapshot() < 0 ? "none" : "snap." + r.snapshot(),
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

    private static long newIncarnation() {
        long n;
        do {
            n = new SecureRandom().nextLong() & 0xffffffffL; // 32 bits: short to print, ample for restarts
        } while (n == 0);
        return n;
    }

    @Override
    public Actor actor() {
        return actor;
    }

    /** The data directory. */
    public Path dataDir() {
        return dir.path();
    }

    /** The options the store was opened with. */
    public StorageOptions options() {
        return options;
    }

    /** The key partitioner (partition count fixed at creation). */
    public KeyPartitioner partitioner() {
        return partitioner;
    }

    @Override
    public KeyState get(byte[] key) {
        options.limits().checkKey(key);
        return memory.get(Key.wrap(key));
    }

    @Override
    public CompletableFuture<WriteResult> put(byte[] key, byte[] value, VersionVector context) {
        options.limits().checkKey(key);
        options.limits().checkValue(value);
        return write(key, value, context);
    }

    @Override
    public CompletableFuture<WriteResult> delete(byte[] key, VersionVector context) {
        options.limits().checkKey(key);
        return write(key, null, context);
    }

    private CompletableFuture<WriteResult> write(byte[] keyBytes, byte[] value, VersionVector context) {
        if (context == null) {
            throw new InvalidRequestException("context must not be null (use VersionVector.EMPTY for a blind write)");
        }
        Key key = Key.wrap(keyBytes);
        int partition = partitioner.partitionOf(key.bytes());
        Dot dot;
        KeyState delta;
        KeyState next;
        CompletableFuture<Void> durable;
        rotation.readLock().lock();
        try {
            synchronized (stripe(key)) {
                requireOpen();
                UncheckedIOException refused = log.refusal();
                if (refused != null) {
                    return CompletableFuture.failedFuture(refused); // memory must not get a write the disk never will
                }
                dot = counters.next(partition);
                long hlc = clock.now();
                Sibling w = value == null ? Sibling.tombstone(dot, context, hlc) : Sibling.value(dot, context, value, hlc);
                delta = KeyState.ofWrite(w);
                next = memory.merge(key, delta);
                durable = log.append(frame(key, delta));
            }
        } finally {
            rotation.readLock().unlock();
        }
        snapshots.changed();
        KeyState d = delta;
        return durable.thenApply(v -> {
            notifyListeners(key, partition, d, next, true);
            return new WriteResult(key, dot, next);
        });
    }

    @Override
    public CompletableFuture<KeyState> merge(byte[] keyBytes, KeyState remote) {
        options.limits().checkKey(keyBytes);
        if (remote == null) {
            throw new InvalidRequestException("state must not be null (KeyState.EMPTY merges as nothing)");
        }
        Key key = Key.wrap(keyBytes);
        int partition = partitioner.partitionOf(key.bytes());
        KeyState next;
        CompletableFuture<Void> durable;
        rotation.readLock().lock();
        try {
            synchronized (stripe(key)) {
                requireOpen();
                UncheckedIOException refused = log.refusal();
                if (refused != null) {
                    return CompletableFuture.failedFuture(refused);
                }
                next = memory.mergeIfNew(key, remote);
                if (next == null) {
                    return CompletableFuture.completedFuture(memory.get(key)); // nothing new: no log record, no event
                }
                counters.advancePast(partition, remote);
                for (Sibling s : remote.siblings()) {
                    clock.observe(s.hlc());
                }
                durable = log.append(frame(key, remote));
            }
        } finally {
            rotation.readLock().unlock();
        }
        snapshots.changed();
        return durable.thenApply(v -> {
            notifyListeners(key, partition, remote, next, false);
            return next;
        });
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
    public long keyCount() {
        return memory.size();
    }

    @Override
    public void addListener(ChangeListener listener) {
        listeners.add(listener);
    }

    /** Removes a listener added earlier. */
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

    private byte[] frame(Key key, KeyState state) {
        return LogRecordFormat.frame(key.bytes(), state);
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
