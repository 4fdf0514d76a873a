package io.vkv.node.shipping;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vkv.node.config.ReplicationConfig;
import io.vkv.node.metrics.ReplicationStats;
import io.vkv.node.mqtt.EnvelopeSigner;
import io.vkv.node.mqtt.Rejected;
import io.vkv.node.mqtt.Topics;
import io.vkv.node.ring.TokenRing;
import io.vkv.placement.KeyPartitioner;
import io.vkv.node.ring.Ring;
import io.vkv.node.runtime.Clock;
import io.vkv.node.runtime.Threads;
import io.vkv.node.storage.FsyncPolicy;
import io.vkv.node.storage.KeyStateCodec;
import io.vkv.node.storage.StorageOptions;
import io.vkv.node.testing.CoordinatedStore;
import io.vkv.node.version.Actor;
import io.vkv.node.version.Dot;
import io.vkv.node.version.KeyState;
import io.vkv.node.version.Sibling;
import io.vkv.node.version.VersionVector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipping side against a real store written by many threads at once: every section's span is
 * exactly what it holds (each counter in it held or covered by one of its states), spans of a
 * partition follow each other, a change dropped on overflow is never claimed, one message carries many
 * partitions, and each peer gets only the partitions it replicates.
 */
class ChangeShipperTest {

    private static final byte[] SECRET = "shipper-test-secret".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    private CoordinatedStore store;
    private BatchCodec codec;
    private final List<BatchCodec.Received> published = new CopyOnWriteArrayList<>();
    private final List<String> topicsPublished = new CopyOnWriteArrayList<>();
    private final Set<Integer> lost = ConcurrentHashMap.newKeySet();
    private final ReplicationStats stats = new ReplicationStats();
    private ChangeShipper shipper;

    @BeforeEach
    void open() throws IOException {
        store = CoordinatedStore.open(StorageOptions.defaults(dir, "n1").withFsync(FsyncPolicy.NEVER));
        codec = new BatchCodec("c", new EnvelopeSigner(SECRET), new KeyStateCodec(), store.partitioner(), store.options().limits());
    }

    @AfterEach
    void close() {
        if (shipper != null) {
            store.removeListener(shipper);
            shipper.close();
        }
        store.close();
    }

    private void startShipper(ReplicationConfig config, ChangeShipper.Publisher publisher) {
        startShipper(config, publisher, new TokenRing(store.partitioner(), 2, TokenRing.initialTokens(List.of("n1", "n2"))), List.of("n1", "n2"));
    }

    private void startShipper(ReplicationConfig config, ChangeShipper.Publisher publisher, Ring ring, List<String> members) {
        shipper = new ChangeShipper(store.actor(), ring, () -> members, config, new Topics("c"), codec,
                publisher, stats, lost::add, Clock.system(), Threads.daemon("n1"));
        store.addListener(shipper);
        shipper.start();
    }

    private ChangeShipper.Publisher recording() {
        Topics topics = new Topics("c");
        return (topic, payload) -> {
            try {
                Topics.ChangeTopic where = topics.parseChanges(topic);
                assertEquals("n1", where.origin());
                topicsPublished.add(topic);
                published.add(codec.decode(payload));
            } catch (Rejected e) {
                throw new AssertionError("the shipper published a batch its own codec rejects: " + e.getMessage());
            }
            return true;
        };
    }

    private void writeConcurrently(int threads, int writesEach, int keys) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<CompletableFuture<?>> all = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                all.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < writesEach; i++) {
                        byte[] k = ("k" + ((seed * 7919 + i * 31) % keys)).getBytes(StandardCharsets.UTF_8);
                        store.put(k, ("v" + i).getBytes(StandardCharsets.UTF_8), VersionVector.EMPTY).join();
                    }
                }, pool));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Every section published, in publishing order. */
    private List<BatchCodec.ReceivedSection> sections() {
        return published.stream().flatMap(b -> b.sections().stream()).toList();
    }

    private long countersShipped() {
        return sections().stream().mapToLong(b -> b.last() - b.first() + 1).sum();
    }

    /** Every counter a section spans is held or covered by one of its states. */
    private void assertSpansAreExact(Actor self) {
        for (BatchCodec.ReceivedSection b : sections()) {
            for (long c = b.first(); c <= b.last(); c++) {
                Dot dot = new Dot(self, c);
                assertTrue(b.entries().stream().anyMatch(e -> e.state().holdsOrCovers(dot)),
                        "section [" + b.first() + ", " + b.last() + "] of partition " + b.partition() + " claims " + dot + " without it");
            }
        }
    }

    @Test
    void concurrentWritesAreShippedInContiguousSpansCoveringEveryCounter() throws Exception {
        startShipper(ReplicationConfig.defaults("c", SECRET, "tcp://unused:1").withBatching(Duration.ofMillis(2), 16, 1 << 20), recording());
        writeConcurrently(8, 400, 500);
        long total = 8 * 400;
        await().atMost(Duration.ofSeconds(20)).until(() -> countersShipped() == total);

        assertSpansAreExact(store.actor());
        Map<Integer, Long> lastSeen = new ConcurrentHashMap<>();
        for (BatchCodec.ReceivedSection b : sections()) {
            long previous = lastSeen.getOrDefault(b.partition(), 0L);
            assertEquals(previous + 1, b.first(), "partition " + b.partition() + " continues where it left off");
            lastSeen.put(b.partition(), b.last());
        }
        assertTrue(published.stream().allMatch(b -> b.keys() <= 16), "a message holds at most batchMaxKeys keys");
        assertTrue(topicsPublished.stream().allMatch(t -> t.equals("vkv/c/to/n2/n1")), "every message is addressed to the peer");
        assertEquals(0, stats.overflows());
        assertTrue(lost.isEmpty());
    }

    @Test
    void changesThatDoNotFitTheQueueAreDroppedCountedAndNeverClaimed() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ChangeShipper.Publisher record = recording();
        startShipper(ReplicationConfig.defaults("c", SECRET, "tcp://unused:1").withQueueCapacity(4), (topic, payload) -> {
            release.await(); // a broker that stopped acknowledging
            return record.publish(topic, payload);
        });
        writeConcurrently(4, 100, 50);
        assertTrue(stats.overflows() > 0, "the queue overflowed");
        release.countDown();
        await().atMost(Duration.ofSeconds(20)).until(() -> !lost.isEmpty());

        store.put("after".getBytes(StandardCharsets.UTF_8), "x".getBytes(StandardCharsets.UTF_8), VersionVector.EMPTY).join();
        await().atMost(Duration.ofSeconds(20)).until(() -> sections().stream().anyMatch(b -> b.entries().stream()
                .anyMatch(e -> new String(e.key(), StandardCharsets.UTF_8).equals("after"))));
        assertSpansAreExact(store.actor());
        long shipped = countersShipped();
        assertTrue(shipped < 401, "dropped changes are not in any span: " + shipped);
    }

    @Test
    void remoteChangesAreNeverPublished() throws Exception {
        startShipper(ReplicationConfig.defaults("c", SECRET, "tcp://unused:1"), recording());
        Sibling remote = Sibling.value(new Dot(new Actor("n2", 5), 1), VersionVector.EMPTY, "r".getBytes(StandardCharsets.UTF_8), 1);
        store.merge("from-n2".getBytes(StandardCharsets.UTF_8), KeyState.ofWrite(remote)).join();
        store.put("local".getBytes(StandardCharsets.UTF_8), "l".getBytes(StandardCharsets.UTF_8), VersionVector.EMPTY).join();
        await().atMost(Duration.ofSeconds(20)).until(() -> !published.isEmpty());
        assertEquals(1, published.size());
        assertEquals("local", new String(published.get(0).sections().get(0).entries().get(0).key(), StandardCharsets.UTF_8));
    }

    @Test
    void oneMessagePerWindowCarriesTheChangesOfManyPartitions() throws Exception {
        startShipper(ReplicationConfig.defaults("c", SECRET, "tcp://unused:1").withBatching(Duration.ofMillis(200), 4096, 4 << 20), recording());
        List<CompletableFuture<?>> writes = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            writes.add(store.put(("spread-" + i).getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8), VersionVector.EMPTY));
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(20)).until(() -> countersShipped() == 300);

        long partitionsTouched = sections().stream().mapToInt(BatchCodec.ReceivedSection::partition).distinct().count();
        assertTrue(partitionsTouched > 32, "the keys spread over the partitions: " + partitionsTouched);
        assertTrue(published.size() <= 3, "messages follow windows, not partitions: " + published.size() + " for " + partitionsTouched + " partitions");
        assertSpansAreExact(store.actor());
    }

    @Test
    void eachPeerGetsOnlyThePartitionsItReplicates() throws Exception {
        // n2 replicates the even partitions, n3 the odd ones, n1 all.
        Ring halves = new Ring() {
            @Override
            public KeyPartitioner partitioner() {
                return store.partitioner();
            }

            @Override
            public List<String> replicas(int partition) {
                return partition % 2 == 0 ? List.of("n1", "n2") : List.of("n1", "n3");
            }
        };
        List<String> evens = new CopyOnWriteArrayList<>();
        ChangeShipper.Publisher record = recording();
        startShipper(ReplicationConfig.defaults("c", SECRET, "tcp://unused:1").withBatching(Duration.ofMillis(20), 4096, 4 << 20),
                (topic, payload) -> {
                    if (topic.equals("vkv/c/to/n2/n1")) {
                        evens.add(topic);
                    }
                    return record.publish(topic, payload);
                }, halves, List.of("n1", "n2", "n3"));
        for (int i = 0; i < 100; i++) {
            store.put(("half-" + i).getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8), VersionVector.EMPTY).join();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> countersShipped() == 100);

        assertTrue(topicsPublished.stream().allMatch(t -> t.equals("vkv/c/to/n2/n1") || t.equals("vkv/c/to/n3/n1")), topicsPublished.toString());
        for (int i = 0; i < published.size(); i++) {
            boolean toN2 = topicsPublished.get(i).equals("vkv/c/to/n2/n1");
            for (BatchCodec.ReceivedSection section : published.get(i).sections()) {
                assertEquals(toN2, section.partition() % 2 == 0, "partition " + section.partition() + " sent to " + topicsPublished.get(i));
            }
        }
        assertFalse(evens.isEmpty());
    }
}
