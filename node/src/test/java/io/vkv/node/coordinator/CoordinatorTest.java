package io.vkv.node.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vkv.node.runtime.ManualClock;
import io.vkv.node.runtime.NodeRuntime;
import io.vkv.node.runtime.Threads;
import io.vkv.node.storage.StorageOptions;
import io.vkv.node.testing.CoordinatedStore;
import io.vkv.node.version.Actor;
import io.vkv.node.version.Dot;
import io.vkv.node.version.HybridTime;
import io.vkv.node.version.KeyState;
import io.vkv.node.version.Sibling;
import io.vkv.node.version.VersionVector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The coordinator stamps writes with the injected clock's time, never backwards, and follows what other replicas send. */
class CoordinatorTest {

    private static final long T = 1_800_000_000_000L;

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(T);

    private CoordinatedStore open() throws IOException {
        return CoordinatedStore.open(StorageOptions.defaults(dir, "n1"), new NodeRuntime(clock, new Random(7), Threads.daemon("n1")));
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static long hlcOf(KeyValueStore.WriteResult w) {
        return w.state().siblings().stream().filter(s -> s.dot().equals(w.dot())).findFirst().orElseThrow().hlc();
    }

    @Test
    void aWriteIsStampedWithTheInjectedClocksTime() throws IOException {
        try (CoordinatedStore store = open()) {
            long hlc = hlcOf(store.put(b("k"), b("v"), VersionVector.EMPTY).join());
            assertEquals(T, HybridTime.physicalMillis(hlc));

            clock.advance(Duration.ofSeconds(5));
            long later = hlcOf(store.put(b("k2"), b("v"), VersionVector.EMPTY).join());
            assertEquals(T + 5_000, HybridTime.physicalMillis(later));
        }
    }

    @Test
    void aWallClockThatJumpsBackNeverMakesTimestampsRunBackwards() throws IOException {
        try (CoordinatedStore store = open()) {
            long first = hlcOf(store.put(b("k"), b("v1"), VersionVector.EMPTY).join());
            clock.setWall(T - 60_000);
            long second = hlcOf(store.put(b("k"), b("v2"), VersionVector.EMPTY).join());
            assertTrue(second > first, HybridTime.format(second) + " after " + HybridTime.format(first));
        }
    }

    @Test
    void aRemoteWriteFromAheadMovesTheClockPastIt() throws IOException {
        try (CoordinatedStore store = open()) {
            long ahead = HybridTime.of(T + 3_600_000, 0);
            Sibling remote = Sibling.value(new Dot(new Actor("n2", 0xbeef), 1), VersionVector.EMPTY, b("from n2"), ahead);
            store.merge(b("r"), KeyState.of(List.of(remote), VersionVector.EMPTY)).join();

            long local = hlcOf(store.put(b("k"), b("v"), VersionVector.EMPTY).join());
            assertTrue(local > ahead, HybridTime.format(local) + " after " + HybridTime.format(ahead));
        }
    }

    @Test
    void aRemoteStateHoldingThisActorsDotsMovesItsCounterPastThem() throws IOException {
        try (CoordinatedStore store = open()) {
            Actor self = store.actor();
            int partition = store.partitioner().partitionOf(b("k"));
            // What a peer would send back after this node's earlier writes: here, dots 1..5 of this actor.
            Sibling echoed = Sibling.value(new Dot(self, 5), VersionVector.EMPTY, b("echo"), HybridTime.of(T, 0));
            store.merge(b("k"), KeyState.of(List.of(echoed), VersionVector.EMPTY)).join();

            KeyValueStore.WriteResult w = store.put(b("k"), b("v"), VersionVector.EMPTY).join();
            assertEquals(new Dot(self, 6), w.dot(), "partition " + partition + " continues after the highest dot seen");
        }
    }
}
