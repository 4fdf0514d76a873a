package io.vkv.node.ring;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.vkv.node.membership.Membership;
import io.vkv.node.metrics.DropReporter;
import io.vkv.node.metrics.ReplicationStats;
import io.vkv.node.mqtt.EnvelopeSigner;
import io.vkv.node.mqtt.Topics;
import io.vkv.node.runtime.ManualClock;
import io.vkv.node.storage.ReplicaStore;
import io.vkv.node.version.Actor;
import io.vkv.node.testing.RingCluster;
import io.vkv.node.testing.RunningNode;
import io.vkv.proto.v1.AdminGrpc;
import io.vkv.proto.v1.Dot;
import io.vkv.proto.v1.GetRequest;
import io.vkv.proto.v1.GetResponse;
import io.vkv.proto.v1.InfoResponse;
import io.vkv.proto.v1.LeaveRequest;
import io.vkv.proto.v1.PutRequest;
import io.vkv.proto.v1.PutResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes join and leave a ring at N = 3 while writers run through every node: a joiner pulls its partitions before it
 * serves them and the nodes it displaces drop theirs; a leaver hands its partitions off, then stops and deletes its
 * data. Afterwards every acknowledged write is on exactly its N replicas, and no dot was issued twice.
 */
class JoinAndLeaveTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int N = 3;
    private static final int PRELOADED = 2_000;

    @TempDir
    Path tmp;
    RingCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String id(RunningNode n) {
        return n.node.config().nodeId();
    }

    private static List<List<String>> ring(InfoResponse info) {
        return info.getRingList().stream().map(r -> List.copyOf(r.getNodesList())).toList();
    }

    /** Writes distinct keys through random running nodes until stopped; only acknowledged keys are owed. */
    private final class Writers implements AutoCloseable {
        final ConcurrentLinkedQueue<String> acked = new ConcurrentLinkedQueue<>();
        final Map<String, Dot> dots = new ConcurrentHashMap<>();
        final AtomicBoolean writing = new AtomicBoolean(true);
        final Thread thread = new Thread(this::run);

        Writers() {
            thread.start();
        }

        private void run() {
            int i = 0;
            while (writing.get()) {
                List<RunningNode> nodes = cluster.running();
                RunningNode through = nodes.get(ThreadLocalRandom.current().nextInt(nodes.size()));
                String key = "during-" + i++;
                try {
                    PutResponse r = through.kv().put(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8(key))
                            .setValue(ByteString.copyFromUtf8(key)).build());
                    dots.put(key, r.getDot());
                    acked.add(key);
                } catch (StatusRuntimeException e) {
                    // not acknowledged (the node stopped under it, or the rings disagreed for a moment): nothing is owed
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            writing.set(false);
            thread.join();
        }
    }

    private void preload() {
        for (int i = 0; i < PRELOADED; i++) {
            List<RunningNode> nodes = cluster.running();
            nodes.get(i % nodes.size()).kv().put(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8("pre-" + i))
                    .setValue(ByteString.copyFromUtf8("v" + i)).build());
        }
    }

    /** Every owed key is held by exactly the nodes of its preference list in {@code ring}, and readable through every node. */
    private void assertEachKeyOnExactlyItsReplicas(List<String> owed, List<List<String>> ring) {
        Map<String, Set<String>> shouldHold = new TreeMap<>();
        for (String key : owed) {
            int p = cluster.ring().partitioner().partitionOf(key.getBytes(StandardCharsets.UTF_8));
            for (String holder : ring.get(p)) {
                shouldHold.computeIfAbsent(holder, h -> new HashSet<>()).add(key);
            }
        }
        for (RunningNode n : cluster.running()) {
            await().atMost(WAIT).untilAsserted(() -> {
                Set<String> held = new HashSet<>();
                for (ReplicaStore.Entry e : n.node.store().scan(null, null, Integer.MAX_VALUE)) {
                    held.add(new String(e.key().bytes(), StandardCharsets.UTF_8));
                }
                assertEquals(shouldHold.getOrDefault(id(n), Set.of()), held, id(n) + " holds exactly the keys of its partitions");
            });
            for (int i = 0; i < owed.size(); i += 37) {
                GetResponse r = n.kv().get(GetRequest.newBuilder().setKey(ByteString.copyFromUtf8(owed.get(i))).build());
                assertTrue(r.getFound(), owed.get(i) + " through " + id(n));
            }
        }
    }

    /**
     * No dot was issued twice: counters are kept per partition, so two acknowledged writes of one partition never carry
     * the same actor and counter, whichever node coordinated them before, during or after the change.
     */
    private void assertNoDotIssuedTwice(Writers w) {
        Map<String, String> seen = new HashMap<>();
        w.dots.forEach((key, dot) -> {
            int p = cluster.ring().partitioner().partitionOf(key.getBytes(StandardCharsets.UTF_8));
            String other = seen.put(p + " " + dot.getActor() + ":" + dot.getCounter(), key);
            assertTrue(other == null, "dot " + dot.getActor() + ":" + dot.getCounter() + " of partition " + p + " was issued to "
                    + other + " and to " + key);
        });
    }

    private static List<String> owed(Writers w) {
        List<String> all = new ArrayList<>(w.acked);
        IntStream.range(0, PRELOADED).forEach(i -> all.add("pre-" + i));
        return all;
    }

    @Test
    void aSixthNodeJoiningUnderLoadTakesAboutNOverMOfThePartitionsAndLosesNoAcknowledgedWrite() throws Exception {
        cluster = RingCluster.start(tmp, 5, N);
        List<List<String>> before = ring(RingCluster.info(cluster.node(1)));
        preload();
        Writers writers = new Writers();
        RunningNode joined = cluster.join("n6");
        Thread.sleep(1000);
        writers.close();

        List<List<String>> after = ring(RingCluster.info(joined));
        long moved = IntStream.range(0, before.size()).filter(p -> !before.get(p).equals(after.get(p))).count();
        assertTrue(moved <= before.size() * N / 6 * 3 / 2, moved + " of " + before.size() + " partitions moved: about N/M");
        assertTrue(after.stream().anyMatch(r -> r.contains("n6")), "the new node serves partitions");
        assertTrue(writers.acked.size() > 50, "writers ran during the join: " + writers.acked.size() + " acknowledged");
        assertEachKeyOnExactlyItsReplicas(owed(writers), after);
        assertNoDotIssuedTwice(writers);
    }

    @Test
    void aNodeLeavingUnderLoadHandsItsPartitionsOffThenStopsAndDeletesItsData() throws Exception {
        cluster = RingCluster.start(tmp, 5, N);
        preload();
        Writers writers = new Writers();
        Thread.sleep(300);
        int handedOff = cluster.leave("n2").getPartitions();
        writers.close();

        List<List<String>> after = ring(RingCluster.info(cluster.node("n1")));
        assertTrue(handedOff > 0, "n2 replicated partitions it had to hand off");
        assertTrue(after.stream().allMatch(r -> r.size() == N && !r.contains("n2")), "every partition has N replicas without n2: " + after);
        assertTrue(writers.acked.size() > 50, "writers ran during the leave: " + writers.acked.size() + " acknowledged");
        assertEachKeyOnExactlyItsReplicas(owed(writers), after);
        assertNoDotIssuedTwice(writers);
    }

    @Test
    void aLeaversLastWillPublishedAfterItsFarewellDoesNotPutItBackOnTheRing() throws Exception {
        cluster = RingCluster.start(tmp, 3, N);
        InfoResponse n2 = RingCluster.info(cluster.node("n2"));
        Actor actor = Actor.parse(n2.getActor());
        long token = n2.getMembersList().stream().filter(m -> m.getId().equals("n2")).findFirst().orElseThrow().getToken();
        // The Will n2 set when it connected: what the broker publishes if n2's disconnect is not clean.
        EnvelopeSigner signer = new EnvelopeSigner(RingCluster.SECRET.getBytes(StandardCharsets.UTF_8));
        ReplicationStats stats = new ReplicationStats();
        Membership asN2 = new Membership(RingCluster.CLUSTER, n2.getPartitions(), N, actor, signer, stats,
                new DropReporter(stats, new ManualClock(0)), 1_000, id -> { }, t -> { }, id -> { }, new ManualClock(0));
        asN2.advertise(cluster.node("n2").address());
        asN2.holdToken(token, false);
        byte[] will = asN2.record(false);
        cluster.leave("n2");

        String topic = new Topics(RingCluster.CLUSTER).member("n2");
        MqttClient broker = new MqttClient(cluster.brokerUrl(), "will-of-n2", new MemoryPersistence());
        broker.connect();
        try {
            broker.publish(topic, will, 1, true);
            await().atMost(WAIT).untilAsserted(() -> assertEquals(List.of(), retained(cluster.brokerUrl(), topic),
                    "a member that saw the Will of a departed node clears it"));
        } finally {
            broker.disconnect();
            broker.close();
        }
        for (RunningNode n : cluster.running()) {
            assertTrue(RingCluster.info(n).getMembersList().stream().noneMatch(m -> m.getId().equals("n2")), id(n) + " lists n2 again");
        }
    }

    /** The retained messages of {@code topic}: what a node that subscribes now receives (empty when cleared). */
    private static List<byte[]> retained(String url, String topic) throws Exception {
        List<byte[]> got = new java.util.concurrent.CopyOnWriteArrayList<>();
        MqttClient c = new MqttClient(url, "retained-probe-" + System.nanoTime(), new MemoryPersistence());
        c.connect();
        try {
            c.subscribe(topic, 1, (t, m) -> {
                if (m.getPayload().length > 0) {
                    got.add(m.getPayload());
                }
            });
            Thread.sleep(200); // retained messages arrive right after the subscription
            return List.copyOf(got);
        } finally {
            c.disconnect();
            c.close();
        }
    }

    @Test
    void theLastMemberOfARingMayNotLeave() throws Exception {
        cluster = RingCluster.start(tmp, 1, N);
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                () -> AdminGrpc.newBlockingStub(cluster.node(1).channel).leave(LeaveRequest.getDefaultInstance()));
        assertEquals(Status.Code.FAILED_PRECONDITION, refused.getStatus().getCode());
        assertEquals("n1 is the last member of the ring: leaving would leave every partition with no replica", refused.getStatus().getDescription());
        assertTrue(cluster.node(1).kv().put(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8("k")).build()).hasDot(), "it still serves");
    }
}
