package io.vkv.node.hints;

import io.vkv.node.coordinator.KeyValueStore.WriteResult;
import io.vkv.node.runtime.NodeRuntime;
import io.vkv.node.storage.StorageOptions;
import io.vkv.node.storage.StoreClosedException;
import io.vkv.node.version.VersionVector;
import io.vkv.placement.KeyPartitioner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writes a node accepted for keys none of whose replicas it could reach, kept durably until they are handed
 * off: epochs under {@code <data.dir>/hints}, the newest open to writes, the others sealed and waiting for their
 * replicas. A restart seals every epoch it finds.
 */
public final class HintStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HintStore.class);

    private final Path root;
    private final StorageOptions options;
    private final KeyPartitioner partitioner;
    private final NodeRuntime runtime;
    private final List<HintEpoch> sealed = new ArrayList<>(); // guarded by this
    private HintEpoch open; // guarded by this
    private boolean closed; // guarded by this

    private HintStore(Path root, StorageOptions options, KeyPartitioner partitioner, NodeRuntime runtime) {
        this.root = root;
        this.options = options;
        this.partitioner = partitioner;
        this.runtime = runtime;
    }

    /** The hints under {@code <options.dataDir>/hints}: epochs left by an earlier run are opened and sealed. */
    public static HintStore open(StorageOptions options, KeyPartitioner partitioner, NodeRuntime runtime) throws IOException {
        HintStore hints = new HintStore(options.dataDir().resolve("hints"), options, partitioner, runtime);
        if (Files.isDirectory(hints.root)) {
            try (Stream<Path> dirs = Files.list(hints.root)) {
                for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                    HintEpoch epoch = HintEpoch.open(dir, options, partitioner, options.limits(), runtime);
                    hints.sealed.add(epoch);
                    log.info("{} hinted keys in {} wait for their replicas", epoch.keyCount(), dir);
                }
            } catch (IOException | RuntimeException e) {
                hints.close();
                throw e;
            }
        }
        return hints;
    }

    /** Writes {@code value} (null: a tombstone) with {@code context} as a hint: durable here until handed off. */
    public CompletableFuture<WriteResult> write(byte[] key, byte[] value, VersionVector context) {
        HintEpoch epoch;
        synchronized (this) {
            if (closed) {
                throw new StoreClosedException("the node is stopping; its hints take no more writes");
            }
            if (open == null) {
                open = newEpoch();
            }
            epoch = open;
            epoch.begin(); // counted before sealing can see it: a sealed epoch is handed off only once settled
        }
        return epoch.write(key, value, context);
    }

    private HintEpoch newEpoch() {
        try {
            Files.createDirectories(root);
            long at = runtime.clock().millis();
            Path dir = root.resolve(String.format("epoch-%016x", at));
            while (Files.exists(dir)) {
                dir = root.resolve(String.format("epoch-%016x", ++at));
            }
            HintEpoch epoch = HintEpoch.open(dir, options, partitioner, options.limits(), runtime);
            log.info("holding hints in {} as actor {} until their replicas can take them", dir, epoch.store().actor());
            return epoch;
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a hint epoch under " + root, e);
        }
    }

    /**
     * Seals the open epoch if it holds hints and no sealed epoch still waits (so a long outage fills one open epoch
     * rather than one per round), and returns every sealed epoch whose writes are all done.
     */
    synchronized List<HintEpoch> sealForHandoff() {
        if (open != null && open.keyCount() > 0 && sealed.isEmpty()) {
            sealed.add(open);
            open = null;
        }
        return sealed.stream().filter(HintEpoch::settled).toList();
    }

    /** Drops {@code epoch}: every replica of every key in it holds its hints. */
    synchronized void handedOff(HintEpoch epoch) {
        sealed.remove(epoch);
        epoch.delete();
        log.info("hints in {} handed off and dropped", epoch.dir());
    }

    /** Keys held as hints, over every epoch. */
    public synchronized long hintedKeys() {
        long n = open == null ? 0 : open.keyCount();
        for (HintEpoch e : sealed) {
            n += e.keyCount();
        }
        return n;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (open != null) {
            open.close();
        }
        sealed.forEach(HintEpoch::close);
    }
}
