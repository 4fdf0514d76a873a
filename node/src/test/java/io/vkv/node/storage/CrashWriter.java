package io.vkv.node.storage;

import io.vkv.node.testing.CoordinatedStore;
import io.vkv.node.version.VersionVector;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The victim of {@link CrashDurabilityTest}, run in its own JVM: writes unique keys from several
 * threads under fsync {@code always} (with snapshots going on) and prints each key on stdout once
 * its write is acknowledged, until it is killed. The first line is the actor it writes as.
 */
public final class CrashWriter {

    private CrashWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        CoordinatedStore store = CoordinatedStore.open(StorageOptions.defaults(dir, "victim")
                .withFsync(FsyncPolicy.ALWAYS)
                .withSnapshotInterval(Duration.ofMillis(100)));
        out.println("actor " + store.actor());
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread w = new Thread(() -> {
                for (long i = 0; ; i++) {
                    String key = "t" + thread + "-" + i;
                    store.put(key.getBytes(StandardCharsets.UTF_8), ("value of " + key).getBytes(StandardCharsets.UTF_8), VersionVector.EMPTY).join();
                    out.println(key);
                }
            }, "crash-writer-" + t);
            w.start();
            writers.add(w);
        }
        for (Thread w : writers) {
            w.join(); // runs until the test kills this JVM
        }
    }
}
