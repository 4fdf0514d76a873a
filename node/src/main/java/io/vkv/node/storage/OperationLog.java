package io.vkv.node.storage;

import io.vkv.node.runtime.Clock;
import io.vkv.node.runtime.Threads;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only operation log: one writer thread takes every record queued since its last write,
 * writes them with one system call and, under fsync {@code always}, one fsync (group commit).
 * A record's future completes once it is durable under the policy; after an I/O error the log
 * refuses every further record, since it can no longer promise durability.
 */
public final class OperationLog implements AutoCloseable {

    private static final byte[] EMPTY = new byte[0];
    private static final Logger LOG = LoggerFactory.getLogger(OperationLog.class);
    private static final int MAX_BATCH_BYTES = 4 << 20;

    private final FsyncPolicy policy;
    private final LinkedBlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final List<Item> batch = new ArrayList<>();
    private ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_BATCH_BYTES);
    private FileChannel channel;
    private volatile Path file;
    private volatile boolean closed;
    private volatile boolean exited;
    private volatile IOException failure;
    private boolean dirty;
    private final Clock clock;
    private long lastSyncNanos;
    private final StoreObserver observer;

    private record Item(byte[] framed, Path rotateTo, boolean close, CompletableFuture<Void> done) {
    }

    /**
     * Opens {@code file} for appending (creating it) under {@code policy} and starts the writer
     * thread, made by {@code threads}.
     */
    public OperationLog(Path file, FsyncPolicy policy, Threads threads, Clock clock) throws IOException {
        this(file, policy, threads, clock, StoreObserver.NONE);
    }

    /** The same, telling {@code observer} of every flush. */
    public OperationLog(Path file, FsyncPolicy policy, Threads threads, Clock clock, StoreObserver observer) throws IOException {
        this.observer = observer;
        this.policy = policy;
        this.clock = clock;
        this.lastSyncNanos = clock.nanos();
        this.file = file;
        this.channel = open(file);
        this.writer = threads.newThread("oplog-writer", this::run);
        this.writer.start();
    }

    private static FileChannel open(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        DataDirectory.syncDirectory(file.toAbsolutePath().getParent());
        return ch;
    }

    /** The file new records go to. */
    public Path file() {
        return file;
    }

    /** Queues a framed record; the future completes once it is durable under the fsync policy. */
    public CompletableFuture<Void> append(byte[] framed) {
        return enqueue(new Item(framed, null, false, new CompletableFuture<>()));
    }

    /**
     * Completes once every record queued before this call is durable under the fsync policy; writes nothing. A
     * merge that found its states already in memory waits on it: they may be there by a record not yet synced.
     */
    public CompletableFuture<Void> barrier() {
        return enqueue(new Item(EMPTY, null, false, new CompletableFuture<>()));
    }

    /**
     * Switches to {@code next}: records queued before this call go to the current file, later ones to
     * {@code next}. Completes once the old file is durable and closed.
     */
    public CompletableFuture<Void> rotate(Path next) {
        return enqueue(new Item(null, next, false, new CompletableFuture<>()));
    }

    private CompletableFuture<Void> enqueue(Item item) {
        LogFailedException refused = refusal();
        if (refused != null) {
            item.done.completeExceptionally(refused);
        } else if (closed) {
            item.done.completeExceptionally(closedError());
        } else {
            queue.add(item);
            if (exited) {
                failLeftovers(); // the writer stopped between our check and our add: nobody else will
            }
        }
        return item.done;
    }

    /** False once an I/O error made the log refuse writes. */
    public boolean healthy() {
        return failure == null;
    }

    /** The error a write gets once an I/O error made the log refuse writes; null while it is healthy. */
    public LogFailedException refusal() {
        IOException f = failure;
        return f == null ? null : new LogFailedException("operation log " + file + " failed earlier, refusing writes: " + f.getMessage(), f);
    }

    private static StoreClosedException closedError() {
        return new StoreClosedException("the operation log is closed");
    }

    /** Fails whatever was queued after the writer stopped. */
    private void failLeftovers() {
        List<Item> left = new ArrayList<>();
        queue.drainTo(left);
        LogFailedException refused = refusal();
        for (Item item : left) {
            item.done.completeExceptionally(refused != null ? refused : closedError());
        }
    }

    /** Writes and syncs everything queued, then closes the file. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(new Item(null, null, true, new CompletableFuture<>()));
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            write();
        } finally {
            exited = true;
            failLeftovers();
        }
    }

    private void write() {
        boolean stop = false;
        while (!stop) {
            try {
                Item first = policy.mode() == FsyncPolicy.Mode.INTERVAL && dirty
                        ? queue.poll(Math.max(0, policy.interval().toNanos() - (clock.nanos() - lastSyncNanos)), TimeUnit.NANOSECONDS)
                        : queue.take();
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch);
                    stop = process(batch);
                    batch.clear();
                }
                if (policy.mode() == FsyncPolicy.Mode.INTERVAL && dirty && clock.nanos() - lastSyncNanos >= policy.interval().toNanos()) {
                    sync();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException e) {
                stop = fail(e);
            }
        }
    }

    /** Writes a batch in order; returns true when it held the close marker. */
    private boolean process(List<Item> items) throws IOException {
        List<CompletableFuture<Void>> written = new ArrayList<>(items.size());
        for (Item item : items) {
            if (failure != null) {
                item.done.completeExceptionally(new LogFailedException("operation log " + file + " failed: " + failure.getMessage(), failure));
                if (item.close) {
                    return true;
                }
                continue;
            }
            if (item.framed != null) {
                if (buffer.remaining() < item.framed.length) {
                    flush(written);
                    if (item.framed.length > buffer.capacity()) {
                        buffer = ByteBuffer.allocateDirect(item.framed.length);
                    }
                }
                buffer.put(item.framed);
                written.add(item.done);
            } else {
                flush(written);
                if (policy.mode() != FsyncPolicy.Mode.ALWAYS) {
                    sync();
                }
                if (item.close) {
                    channel.close();
                    item.done.complete(null);
                    return true;
                }
                FileChannel next = open(item.rotateTo);
                channel.close();
                synchronized (this) {
                    channel = next;
                    file = item.rotateTo;
                }
                item.done.complete(null);
            }
        }
        flush(written);
        return false;
    }

    /** Writes the buffered records, syncs them under {@code always}, and completes their futures. */
    private void flush(List<CompletableFuture<Void>> written) throws IOException {
        if (buffer.position() > 0) {
            buffer.flip();
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            buffer.clear();
            dirty = true;
            long syncNanos = 0;
            if (policy.mode() == FsyncPolicy.Mode.ALWAYS) {
                long before = clock.nanos();
                sync();
                syncNanos = Math.max(1, clock.nanos() - before);
            }
            observer.logFlushed(written.size(), syncNanos);
        }
        for (CompletableFuture<Void> f : written) {
            f.complete(null);
        }
        written.clear();
    }

    private void sync() throws IOException {
        if (dirty) {
            channel.force(false);
            dirty = false;
        }
        lastSyncNanos = clock.nanos();
    }

    /** Fails every pending record; returns true when a close was among them (the writer then stops). */
    private boolean fail(IOException e) {
        if (failure == null) {
            failure = e;
            LOG.error("operation log {} failed, refusing further writes: {}", file, e.toString());
        }
        List<Item> pending = new ArrayList<>(batch);
        queue.drainTo(pending);
        for (Item item : pending) {
            item.done.completeExceptionally(new LogFailedException("operation log " + file + " failed: " + e.getMessage(), e));
        }
        batch.clear();
        buffer.clear();
        dirty = false; // nothing more can be synced: the interval loop must not retry on a closed channel
        try {
            channel.close();
        } catch (IOException ignored) {
            // already failed: the first error is the one reported
        }
        return pending.stream().anyMatch(Item::close);
    }
}
