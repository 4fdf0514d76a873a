package io.vkv.node.replication;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.vkv.broker.EmbeddedBroker;
import io.vkv.node.app.VkvNode;
import io.vkv.node.config.NodeConfig;
import io.vkv.node.config.NodeConfigLoader;
import io.vkv.proto.v1.GetRequest;
import io.vkv.proto.v1.GetResponse;
import io.vkv.proto.v1.InfoRequest;
import io.vkv.proto.v1.InfoResponse;
import io.vkv.proto.v1.KeyValueGrpc;
import io.vkv.proto.v1.Member;
import io.vkv.proto.v1.NodeInfoGrpc;
import io.vkv.proto.v1.PutRequest;
import io.vkv.testkit.FaultProxy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole nodes ({@link VkvNode}) replicating through the embedded broker, driven over the public gRPC API. */
class ReplicatedVkvNodeTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path tmp;
    static EmbeddedBroker broker;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void startBroker() throws IOException {
        broker = EmbeddedBroker.start(0, null);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private VkvNode node(String id, String cluster, String brokerUrl) throws IOException {
        return node(id, cluster, brokerUrl, Map.of());
    }

    private VkvNode node(String id, String cluster, String brokerUrl, Map<String, String> more) throws IOException {
        Map<String, String> flags = new HashMap<>(Map.of(
                "node.id", id, "node.port", "0", "data.dir", tmp.resolve(cluster).resolve(id).toString(),
                "cluster.name", cluster, "cluster.secret", "node-test-secret-0123456789", "broker.url", brokerUrl));
        flags.putAll(more);
        NodeConfig config = NodeConfigLoader.load(Map.of(), Map.of(), flags);
        VkvNode node = new VkvNode(config).start();
        open.add(node);
        return node;
    }

    private ManagedChannel channel(VkvNode node) {
        ManagedChannel c = NettyChannelBuilder.forAddress("127.0.0.1", node.port()).usePlaintext().build();
        open.add(() -> {
            c.shutdownNow();
            c.awaitTermination(5, TimeUnit.SECONDS);
        });
        return c;
    }

    private static InfoResponse info(ManagedChannel c) {
        return NodeInfoGrpc.newBlockingStub(c).withDeadlineAfter(10, TimeUnit.SECONDS).info(InfoRequest.getDefaultInstance());
    }

    @Test
    void aPutThroughTheApiOfOneNodeIsReadFromAnotherAndNodeInfoListsTheMembers() throws IOException {
        VkvNode a = node("a", "api", broker.url());
        VkvNode b = node("b", "api", broker.url());
        ManagedChannel ca = channel(a);
        ManagedChannel cb = channel(b);
        await().atMost(WAIT).until(() -> info(ca).getMembersCount() == 2 && info(cb).getMembersCount() == 2);

        KeyValueGrpc.newBlockingStub(ca).withDeadlineAfter(10, TimeUnit.SECONDS)
                .put(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8("greeting")).setValue(ByteString.copyFromUtf8("hello")).build());
        await().atMost(WAIT).untilAsserted(() -> {
            GetResponse r = KeyValueGrpc.newBlockingStub(cb).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .get(GetRequest.newBuilder().setKey(ByteString.copyFromUtf8("greeting")).build());
            assertTrue(r.getFound());
            assertEquals("hello", r.getSiblings(0).getValue().toStringUtf8());
        });

        InfoResponse seenByB = info(cb);
        assertEquals("b", seenByB.getMembers(0).getId(), "the node itself comes first");
        Member peer = seenByB.getMembers(1);
        assertEquals("a", peer.getId());
        assertEquals("up", peer.getStatus());
        assertEquals(a.store().actor().toString(), peer.getActor());
        assertEquals(a.address(), peer.getAddress());
        assertTrue(peer.getLastSeenMillis() > 0 && peer.getReplicationLagMillis() >= 0);
        assertTrue(seenByB.getBrokerConnected());
        assertTrue(seenByB.getReplication().getAppliedKeys() >= 1, seenByB.getReplication().toString());
        assertEquals(0, seenByB.getReplication().getDroppedOrThrow("bad_mac"));

        a.close();
        await().atMost(WAIT).until(() -> info(cb).getMembers(1).getStatus().equals("down"));
    }

    @Test
    void aNodeStartsAndServesWhileTheBrokerIsUnreachableAndJoinsOnceItIs() throws IOException {
        FaultProxy proxy = FaultProxy.to("127.0.0.1", broker.port());
        open.add(proxy);
        proxy.cut();
        VkvNode a = node("a", "late", proxy.mqttUrl());
        VkvNode b = node("b", "late", broker.url());
        ManagedChannel ca = channel(a);
        KeyValueGrpc.newBlockingStub(ca).withDeadlineAfter(10, TimeUnit.SECONDS)
                .put(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8("early")).setValue(ByteString.copyFromUtf8("bird")).build());
        assertEquals(false, a.replication().brokerConnected());

        proxy.heal();
        await().atMost(WAIT).until(() -> !b.store().get("early".getBytes()).siblings().isEmpty());
        assertTrue(a.replication().brokerConnected());
    }

    @Test
    void replicationTunablesFromTheNodeConfigReachReplication() throws IOException {
        VkvNode a = node("a", "tuned", broker.url(),
                Map.of("replication.batch.window", "3ms", "replication.anti-entropy.interval", "2m"));
        assertEquals(Duration.ofMillis(3), a.replication().config().batchWindow());
        assertEquals(Duration.ofMinutes(2), a.replication().config().antiEntropyInterval());
    }

    @Test
    void peersSeeTheAdvertisedAddressWithTheListeningPort() throws IOException {
        VkvNode a = node("a", "advertised", broker.url(), Map.of("node.advertise", "localhost"));
        VkvNode b = node("b", "advertised", broker.url());
        ManagedChannel cb = channel(b);
        await().atMost(WAIT).until(() -> info(cb).getMembersCount() == 2);
        assertEquals("localhost:" + a.port(), info(cb).getMembers(1).getAddress());
        assertEquals("localhost:" + a.port(), info(channel(a)).getMembers(0).getAddress());
    }

    @Test
    void withoutABrokerTheNodeRunsAloneAndShowsOnlyItself() throws IOException {
        VkvNode alone = node("solo", "alone", "");
        InfoResponse i = info(channel(alone));
        assertEquals(1, i.getMembersCount());
        assertEquals("solo", i.getMembers(0).getId());
        assertEquals(alone.address(), i.getMembers(0).getAddress());
        assertEquals(false, alone.replication().brokerConnected());
    }
}
