package io.vkv.node.quorum;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.vkv.node.testing.RingCluster;
import io.vkv.node.testing.RunningNode;
import io.vkv.node.version.KeyState;
import io.vkv.node.version.Sibling;
import io.vkv.proto.v1.DeleteRequest;
import io.vkv.proto.v1.GetRequest;
import io.vkv.proto.v1.GetResponse;
import io.vkv.proto.v1.PutRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quorums on a ring of four whole nodes at N = 3: a write at W is held durably by W replicas when it is acknowledged,
 * a read at R merges R replicas and repairs the stale ones, neither depends on the broker, and too few replicas is
 * UNAVAILABLE naming who answered.
 */
class QuorumTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;
    RingCluster cluster;
    /** A key's three replicas in preference order, and the node that does not replicate it. */
    String a;
    String b;
    String c;
    String outsider;
    final ByteString key = ByteString.copyFromUtf8("quorum-key");

    @BeforeEach
    void startRing() throws IOException {
        cluster = RingCluster.start(tmp, 4, 3);
        List<String> replicas = cluster.ring().replicas(cluster.ring().partitioner().partitionOf(key.toByteArray()));
        a = replicas.get(0);
        b = replicas.get(1);
        c = replicas.get(2);
        List<String> others = new ArrayList<>(List.of("n1", "n2", "n3", "n4"));
        others.removeAll(replicas);
        outsider = others.get(0);
    }

    @AfterEach
    void stopRing() {
        cluster.close();
    }

    private RunningNode node(String id) {
        return cluster.node(id);
    }

    private PutRequest put(String value, int w) {
        return PutRequest.newBuilder().setKey(key).setValue(ByteString.copyFromUtf8(value)).setW(w).build();
    }

    private GetResponse get(String through, int r) {
        return node(through).kv().get(GetRequest.newBuilder().setKey(key).setR(r).build());
    }

    private static List<String> values(GetResponse r) {
        return r.getSiblingsList().stream().map(s -> s.getValue().toStringUtf8()).toList();
    }

    /** The values node {@code id} holds for the key in its own store: no forwarding, no replication. */
    private List<String> localValues(String id) {
        KeyState state = node(id).node.store().get(key.toByteArray());
        return state.values().stream().map(Sibling::value).map(v -> new String(v, StandardCharsets.UTF_8)).toList();
    }

    private long replicasHolding(String value) {
        return List.of(a, b, c).stream().filter(id -> localValues(id).contains(value)).count();
    }

    @Test
    void aWriteAtW2IsReadAtR2ThroughEveryOtherNodeWithTheBrokerDown() {
        cluster.stopBroker(); // replication cannot carry the write: only the quorum's pushes and fetches can
        node(a).kv().put(put("overlap", 2));
        assertTrue(replicasHolding("overlap") >= 2, "acknowledged at W=2: two replicas hold it durably");

        for (String through : List.of(b, c, outsider)) {
            assertEquals(List.of("overlap"), values(get(through, 2)), "R=2 through " + through + " overlaps the W=2 write");
        }
    }

    @Test
    void aReadAtR3AnswersTheMergeAndRepairsTheStaleReplicas() {
        cluster.stopBroker();
        node(a).kv().put(put("only-on-a", 1));
        assertEquals(List.of(), localValues(b), "with the broker down a W=1 write stays on its coordinator");

        assertEquals(List.of(), values(get(b, 1)), "R=1 answers from " + b + " alone");
        assertEquals(List.of("only-on-a"), values(get(b, 3)), "R=3 merges every replica");
        assertEquals(List.of("only-on-a"), localValues(b), "the reading replica merged the answer before it answered");
        await().atMost(WAIT).untilAsserted(() -> assertEquals(List.of("only-on-a"), localValues(c), "the stale replica was repaired"));
    }

    @Test
    void withOneReplicaDownQuorumsOfTwoGoOnAndItCatchesUpWhenRestarted() throws IOException {
        cluster.stop(c);

        ByteString seen = node(a).kv().put(put("w1", 1)).getContext();
        node(outsider).kv().put(put("w2", 2).toBuilder().setContext(seen).build()); // forwarded to a replica, which gathers the quorum
        assertTrue(replicasHolding("w2") >= 2);
        assertEquals(List.of("w2"), values(get(b, 2)));
        assertEquals(List.of("w2"), values(get(outsider, 2)));
        assertEquals(List.of("w2"), values(get(a, 1)));

        cluster.restart(c);
        await().atMost(WAIT).untilAsserted(() -> assertEquals(List.of("w2"), localValues(c), c + " caught up by anti-entropy"));
    }

    @Test
    void withTwoReplicasDownW2IsRefusedBeforeWritingAndW1IsAccepted() {
        cluster.stop(b);
        cluster.stop(c);

        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> node(a).kv().put(put("refused", 2)));
        assertEquals(Status.Code.UNAVAILABLE, refused.getStatus().getCode());
        assertEquals("w=2 needs 2 replicas, 1 answered [" + a + "]; " + (b.compareTo(c) < 0 ? b : c) + ": down; "
                + (b.compareTo(c) < 0 ? c : b) + ": down; retry later", refused.getStatus().getDescription());
        assertEquals(List.of(), localValues(a), "a write refused for want of replicas was not applied");

        StatusRuntimeException deleteRefused = assertThrows(StatusRuntimeException.class,
                () -> node(outsider).kv().delete(DeleteRequest.newBuilder().setKey(key).setW(3).build()));
        assertEquals(Status.Code.UNAVAILABLE, deleteRefused.getStatus().getCode(), "forwarded, the replica refuses it the same way");

        node(a).kv().put(put("accepted", 1));
        assertEquals(List.of("accepted"), values(get(a, 1)));
        StatusRuntimeException readRefused = assertThrows(StatusRuntimeException.class, () -> get(a, 2));
        assertEquals(Status.Code.UNAVAILABLE, readRefused.getStatus().getCode());
        assertTrue(readRefused.getStatus().getDescription().startsWith("r=2 needs 2 replicas, 1 answered [" + a + "]"),
                readRefused.getStatus().getDescription());
    }

    @Test
    void quorumsOutsideOneToNAreInvalidArgumentsWhereverTheyArrive() {
        for (String through : List.of(a, outsider)) {
            StatusRuntimeException r = assertThrows(StatusRuntimeException.class, () -> get(through, 4));
            assertEquals(Status.Code.INVALID_ARGUMENT, r.getStatus().getCode());
            assertEquals("r must be within 1..3 (the replicas of each key, ring.replicas), got 4; 0 means the node's default",
                    r.getStatus().getDescription());
            StatusRuntimeException w = assertThrows(StatusRuntimeException.class, () -> node(through).kv().put(put("x", -1)));
            assertEquals(Status.Code.INVALID_ARGUMENT, w.getStatus().getCode());
            assertTrue(w.getStatus().getDescription().startsWith("w must be within 1..3"), w.getStatus().getDescription());
        }
        assertFalse(get(a, 0).getFound(), "0 is the node's default, and nothing was written");
    }
}
