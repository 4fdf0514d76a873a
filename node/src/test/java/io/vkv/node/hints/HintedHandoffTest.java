package io.vkv.node.hints;

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
import io.vkv.proto.v1.PutRequest;
import io.vkv.proto.v1.PutResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Always writable: on a ring of four whole nodes at N = 3, a write at W=1 through the fourth node while all three
 * replicas of its key are down is kept there as a hint, under an actor of its own, and handed off once they are back.
 */
class HintedHandoffTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;
    RingCluster cluster;
    List<String> replicas;
    String outsider;
    final ByteString key = ByteString.copyFromUtf8("hinted-key");

    @BeforeEach
    void startRing() throws IOException {
        cluster = RingCluster.start(tmp, 4, 3);
        replicas = cluster.ring().replicas(cluster.ring().partitioner().partitionOf(key.toByteArray()));
        List<String> others = new ArrayList<>(List.of("n1", "n2", "n3", "n4"));
        others.removeAll(replicas);
        outsider = others.get(0);
    }

    @AfterEach
    void stopRing() {
        cluster.close();
    }

    private RunningNode outsider() {
        return cluster.node(outsider);
    }

    private List<String> localValues(String id) {
        KeyState state = cluster.node(id).node.store().get(key.toByteArray());
        return state.values().stream().map(Sibling::value).map(v -> new String(v, StandardCharsets.UTF_8)).toList();
    }

    private Set<String> actorsOf(String id) {
        Set<String> actors = new TreeSet<>();
        cluster.node(id).node.store().get(key.toByteArray()).siblings().forEach(s -> actors.add(s.dot().actor().toString()));
        return actors;
    }

    @Test
    void aWriteNoReplicaCanTakeIsHintedAndHandedOffWhenTheyReturn() throws IOException {
        PutResponse before = outsider().kv().put(PutRequest.newBuilder().setKey(key).setValue(ByteString.copyFromUtf8("before")).build());
        for (String id : replicas) {
            cluster.stop(id);
        }

        PutResponse hinted = outsider().kv().put(PutRequest.newBuilder().setKey(key).setValue(ByteString.copyFromUtf8("hinted"))
                .setContext(before.getContext()).build());
        String hintActor = hinted.getDot().getActor();
        assertFalse(hintActor.equals(RingCluster.info(outsider()).getActor()), "a hint is issued by an actor of its own, not the node's");
        assertEquals(1, RingCluster.info(outsider()).getHintedKeys());
        assertTrue(Files.isDirectory(tmp.resolve(outsider).resolve("hints")));

        StatusRuntimeException quorum = assertThrows(StatusRuntimeException.class, () -> outsider().kv().put(
                PutRequest.newBuilder().setKey(key).setValue(ByteString.copyFromUtf8("w2")).setW(2).build()));
        assertEquals(Status.Code.UNAVAILABLE, quorum.getStatus().getCode(), "W=2 is never hinted");
        StatusRuntimeException read = assertThrows(StatusRuntimeException.class,
                () -> outsider().kv().get(GetRequest.newBuilder().setKey(key).build()));
        assertEquals(Status.Code.UNAVAILABLE, read.getStatus().getCode(), "reads are not served from hints");

        for (String id : replicas) {
            cluster.restart(id);
        }
        for (String id : replicas) {
            await().atMost(WAIT).untilAsserted(() -> assertEquals(List.of("hinted"), localValues(id), id + " took the hint, which replaced what it saw"));
            assertEquals(Set.of(hintActor), actorsOf(id));
        }
        await().atMost(WAIT).untilAsserted(() -> assertEquals(0, RingCluster.info(outsider()).getHintedKeys(), "handed off, the hints are dropped"));
        assertTrue(RingCluster.info(outsider()).getHandedOff() >= 3);
        try (var epochs = Files.list(tmp.resolve(outsider).resolve("hints"))) {
            assertEquals(0, epochs.count(), "the epoch's directory is gone");
        }
    }

    @Test
    void hintsSurviveARestartOfTheNodeHoldingThemAndAnotherEpochTakesTheNextOnes() throws IOException {
        for (String id : replicas) {
            cluster.stop(id);
        }
        String first = outsider().kv().delete(DeleteRequest.newBuilder().setKey(key).build()).getDot().getActor();

        cluster.stop(outsider);
        RunningNode restarted = cluster.restart(outsider);
        assertEquals(1, RingCluster.info(restarted).getHintedKeys(), "the hint was durable");

        String second = restarted.kv().put(PutRequest.newBuilder().setKey(key).setValue(ByteString.copyFromUtf8("blind")).build())
                .getDot().getActor();
        assertFalse(first.equals(second), "the sealed epoch's actor issues nothing more: a new epoch takes new hints");

        for (String id : replicas) {
            cluster.restart(id);
        }
        for (String id : replicas) {
            await().atMost(WAIT).untilAsserted(() -> assertEquals(Set.of(first, second), actorsOf(id),
                    id + " holds the tombstone and the blind write as siblings: neither hint covered the other"));
        }
        await().atMost(WAIT).untilAsserted(() -> assertEquals(0, RingCluster.info(cluster.node(outsider)).getHintedKeys()));
    }
}
