package io.vkv.node.replication;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vkv.node.config.ReplicationConfig;
import io.vkv.node.metrics.DropReason;
import io.vkv.node.metrics.ReplicationStats;
import io.vkv.node.mqtt.EnvelopeSigner;
import io.vkv.node.mqtt.Topics;
import io.vkv.placement.KeyPartitioner;
import io.vkv.node.shipping.BatchCodec;
import io.vkv.node.storage.KeyStateCodec;
import io.vkv.node.storage.KeyStateWriter;
import io.vkv.node.storage.Limits;
import io.vkv.node.testing.ClusterNode;
import io.vkv.node.testing.Convergence;
import io.vkv.node.testing.TestBroker;
import io.vkv.node.version.Actor;
import io.vkv.node.version.Dot;
import io.vkv.node.version.KeyState;
import io.vkv.node.version.Sibling;
import io.vkv.node.version.VersionVector;
import io.vkv.testkit.FaultProxy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three in-process nodes replicating through one broker: the scenarios every broker must pass.
 * Subclasses choose the broker; one broker serves a whole class (each test uses its own cluster
 * name, so topics and sessions do not mix).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ReplicationScenarios {

    static final Duration CONVERGE = Duration.ofSeconds(30);
    static final byte[] SECRET = "scenario-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final AtomicInteger CLUSTERS = new AtomicInteger();

    @TempDir
    static Path tmp;
    TestBroker broker;
    final List<ClusterNode> nodes = new ArrayList<>();
    final List<AutoCloseable> closeAfter = new ArrayList<>();

    abstract TestBroker startBroker(Path dir) throws IOException;

    @BeforeAll
    void startBroker() throws IOException {
        broker = startBroker(tmp.resolve("broker"));
    }

    @AfterAll
    void stopBroker() throws IOException {
        if (broker != null) {
            broker.close();
        }
    }

    @AfterEach
    void stopNodes() throws Exception {
        for (ClusterNode n : nodes) {
            n.close();
        }
        nodes.clear();
        for (AutoCloseable c : closeAfter) {
            c.close();
        }
        closeAfter.clear();
    }

    static ReplicationConfig config(String cluster, String url) {
        return ReplicationConfig.defaults(cluster, SECRET, url).withReconnect(Duration.ofMillis(50), Duration.ofSeconds(1));
    }

    /** A fresh cluster of {@code urls.length} nodes (n1, n2, ...), each on its broker URL; returns once all see each other up. */
    String startCluster(String... urls) {
        String cluster = getClass().getSimpleName().toLowerCase() + "-" + CLUSTERS.incrementAndGet();
        for (int i = 0; i < urls.length; i++) {
            String id = "n" + (i + 1);
            nodes.add(ClusterNode.start(id, tmp.resolve(cluster).resolve(id), config(cluster, urls[i])));
        }
        awaitAllUp();
        return cluster;
    }

    String startCluster() {
        return startCluster(broker.url(), broker.url(), broker.url());
    }

    void awaitAllUp() {
        await().atMost(CONVERGE).untilAsserted(() -> {
            for (ClusterNode n : nodes) {
                long up = n.replication().clusterView().members().stream().filter(m -> m.status().equals("up")).count();
                assertEquals(nodes.size(), up, n.nodeId() + " sees " + n.replication().clusterView().members());
            }
        });
    }

    ClusterNode node(int i) {
        return nodes.get(i - 1);
    }

    static List<String> values(KeyState s) {
        return s.values().stream().map(v -> new String(v.value(), StandardCharsets.UTF_8)).sorted().toList();
    }

    @Test
    void aPutOnOneNodeIsVisibleOnTheOthers() {
        startCluster();
        node(1).put("colour", "blue");
        Convergence.awaitConverged(CONVERGE, List.of("colour"), nodes);
        assertEquals(List.of("blue"), values(node(2).get("colour")));
        assertEquals(List.of("blue"), values(node(3).get("colour")));
    }

    @Test
    void concurrentPutsWithTheSameContextBecomeSiblingsEverywhereAndAMergedPutResolvesThem() {
        startCluster();
        node(1).put("k", "v0");
        Convergence.awaitConverged(CONVERGE, List.of("k"), nodes);
        VersionVector context = node(1).get("k").context();

        node(1).put("k", "from-n1", context);
        node(2).put("k", "from-n2", context);
        await().atMost(CONVERGE).untilAsserted(() -> {
            for (ClusterNode n : nodes) {
                assertEquals(List.of("from-n1", "from-n2"), values(n.get("k")), n.nodeId());
            }
        });
        Convergence.awaitConverged(CONVERGE, List.of("k"), nodes);

        node(3).put("k", "resolved", node(3).get("k").context());
        await().atMost(CONVERGE).untilAsserted(() -> {
            for (ClusterNode n : nodes) {
                assertEquals(List.of("resolved"), values(n.get("k")), n.nodeId());
            }
        });
    }

    @Test
    void aStoppedNodeCatchesUpFromTheBrokerQueueAfterRestart() {
        startCluster();
        node(3).stop();
        List<String> keys = writeOnBoth("queued", 40);
        node(3).restart();
        Convergence.awaitConverged(CONVERGE, keys, nodes);
        // The broker kept n3's session: the batches written while it was away reached it from the queue.
        await().atMost(CONVERGE).until(() -> node(3).replication().stats().appliedKeys() >= keys.size());
    }

    @Test
    void aStoppedNodeCatchesUpByAntiEntropyWhenTheBrokerLostItsQueues() throws IOException {
        startCluster();
        node(3).stop();
        List<String> keys = writeOnBoth("lost", 40);
        broker.start(false); // restart with no state: n3's session and queue are gone
        node(3).restart();
        Convergence.awaitConverged(CONVERGE, keys, nodes);
        long exchanged = nodes.stream().mapToLong(n -> n.replication().stats().antiEntropyFetched()
                + n.replication().stats().antiEntropyPushed()).sum();
        assertTrue(exchanged > 0, "anti-entropy moved the keys");
        awaitAllUp();
    }

    /**
     * The lost-subscription case: a broker that comes back without its state has forgotten every session and
     * subscription, again and again. Each node must renew its subscription when it reconnects, and batches,
     * not anti-entropy, must carry what is written afterwards.
     */
    @Test
    void afterBrokerRestartsWithoutStateBatchesStillReachEveryNode() throws IOException {
        startCluster();
        for (int restart = 1; restart <= 3; restart++) {
            broker.start(false);
            await().atMost(CONVERGE).until(() -> nodes.stream().allMatch(n -> n.replication().brokerConnected()));
            awaitAllUp();
            long[] appliedBefore = nodes.stream().mapToLong(n -> n.replication().stats().appliedKeys()).toArray();
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                for (ClusterNode n : nodes) {
                    String key = "after-restart-" + restart + "-" + n.nodeId() + "-" + i;
                    n.put(key, "v" + i);
                    keys.add(key);
                }
            }
            Convergence.awaitConverged(CONVERGE, keys, nodes);
            int fromPeers = 20 * (nodes.size() - 1);
            for (int i = 0; i < nodes.size(); i++) {
                ClusterNode n = nodes.get(i);
                long before = appliedBefore[i];
                await().atMost(CONVERGE).untilAsserted(() -> assertTrue(n.replication().stats().appliedKeys() - before >= fromPeers,
                        n.nodeId() + " took only " + (n.replication().stats().appliedKeys() - before) + " of the " + fromPeers
                                + " keys its peers wrote from batches: " + n.replication().stats()));
            }
        }
    }

    @Test
    void aNodeCutOffFromTheBrokerKeepsAcceptingWritesAndConvergesAfterReconnecting() throws IOException {
        FaultProxy proxy = FaultProxy.to("127.0.0.1", broker.port());
        closeAfter.add(proxy);
        startCluster(broker.url(), broker.url(), proxy.mqttUrl());
        proxy.cut();
        await().atMost(CONVERGE).until(() -> !node(3).replication().brokerConnected());

        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            assertNotNull(node(3).put("cut-n3-" + i, "v" + i).dot(), "n3 accepts writes while cut off");
            node(1).put("cut-n1-" + i, "v" + i);
            keys.add("cut-n3-" + i);
            keys.add("cut-n1-" + i);
        }
        assertTrue(node(3).replication().stats().publishFailures() > 0, "n3's batches did not reach the broker");

        proxy.heal();
        Convergence.awaitConverged(CONVERGE, keys, nodes);
        assertEquals(List.of("v7"), values(node(2).get("cut-n3-7")));
        assertEquals(List.of("v7"), values(node(3).get("cut-n1-7")));
    }

    @Test
    void garbageForeignForgedAndImpersonatingPayloadsAreDroppedAndCountedWhileNodesKeepServing() throws Exception {
        String cluster = startCluster();
        node(1).put("precious", "intact");
        Convergence.awaitConverged(CONVERGE, List.of("precious"), nodes);
        int partition = node(1).store().partitioner().partitionOf("precious".getBytes(StandardCharsets.UTF_8));
        Topics topics = new Topics(cluster);

        // A state that would erase the sibling if merged: it covers the sibling's dot.
        Sibling live = node(1).get("precious").siblings().get(0);
        KeyState eraser = KeyState.of(List.of(), VersionVector.of(new Dot(live.dot().actor(), live.dot().counter())));
        Actor forger = new Actor("mallory", 7);
        // Two nodes that joined at once may have chosen one token, and the record of the one that gave it up counted
        // as INVALID where it arrived late: count from here.
        Map<String, Long> invalidBefore = new HashMap<>();
        for (ClusterNode n : nodes) {
            invalidBefore.put(n.nodeId(), n.replication().stats().dropped(DropReason.INVALID));
        }

        MqttClient raw = new MqttClient(broker.url(), "raw-" + cluster, new MemoryPersistence());
        closeAfter.add(raw::close);
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setMaxInflight(1000); // Paho counts a publish in flight until it has processed its PUBACK, after publish() returned
        raw.connect(o);
        closeAfter.add(0, raw::disconnect);
        for (ClusterNode to : nodes) { // each node gets them in the names of the two others
            for (ClusterNode from : nodes) {
                if (from == to) {
                    continue;
                }
                String topic = topics.changes(to.nodeId(), from.nodeId());
                raw.publish(topic, "not protobuf at all \u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1), 1, false);
                raw.publish(topic, batch("some-other-cluster", SECRET, forger, partition, eraser), 1, false);
                raw.publish(topic, batch(cluster, "wrong-secret".getBytes(StandardCharsets.UTF_8), forger, partition, eraser), 1, false);
            }
        }
        // Rightly signed, but its origin is not the node whose topic carries it.
        for (ClusterNode to : List.of(node(2), node(3))) {
            raw.publish(topics.changes(to.nodeId(), node(1).nodeId()), batch(cluster, SECRET, forger, partition, eraser), 1, false);
        }
        raw.publish(topics.member("mallory"), new byte[] {1, 2, 3}, 1, false);

        await().atMost(CONVERGE).untilAsserted(() -> {
            for (ClusterNode n : nodes) {
                ReplicationStats s = n.replication().stats();
                assertTrue(s.dropped(DropReason.MALFORMED) >= 3, n.nodeId() + ": " + s);
                assertEquals(2, s.dropped(DropReason.WRONG_CLUSTER), n.nodeId() + ": " + s);
                assertEquals(2, s.dropped(DropReason.BAD_MAC), n.nodeId() + ": " + s);
                assertEquals(n == node(1) ? 0 : 1, s.dropped(DropReason.INVALID) - invalidBefore.get(n.nodeId()), n.nodeId() + ": " + s);
            }
        });
        node(2).put("after", "still-serving");
        Convergence.awaitConverged(CONVERGE, List.of("precious", "after"), nodes);
        for (ClusterNode n : nodes) {
            assertEquals(List.of("intact"), values(n.get("precious")), n.nodeId());
            assertEquals(List.of("still-serving"), values(n.get("after")), n.nodeId());
            assertFalse(n.replication().clusterView().members().stream().anyMatch(m -> m.id().equals("mallory")));
        }
    }

    private static byte[] batch(String cluster, byte[] secret, Actor origin, int partition, KeyState state) {
        BatchCodec c = new BatchCodec(cluster, new EnvelopeSigner(secret), new KeyStateCodec(),
                new KeyPartitioner(64), Limits.DEFAULT);
        return c.encode(origin, System.currentTimeMillis(),
                List.of(new BatchCodec.Section(partition, 1, 1, List.of(KeyStateWriter.keyed("precious".getBytes(StandardCharsets.UTF_8), state)))));
    }

    /** Writes {@code count} keys on n1 and as many on n2; returns them all. */
    List<String> writeOnBoth(String prefix, int count) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            node(1).put(prefix + "-n1-" + i, "a" + i);
            node(2).put(prefix + "-n2-" + i, "b" + i);
            keys.add(prefix + "-n1-" + i);
            keys.add(prefix + "-n2-" + i);
        }
        return keys;
    }
}
