package io.vkv.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vkv.node.testing.RingCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client of a five-node ring at N = 3 sends each single-key request straight to a replica of its key. */
class RingRoutingTest {

    private static final int REQUESTS = 1000;

    @TempDir
    static Path tmp;
    static RingCluster cluster;

    @BeforeAll
    static void startRing() throws IOException {
        cluster = RingCluster.start(tmp, 5, 3);
    }

    @AfterAll
    static void stopRing() {
        cluster.close();
    }

    private static VkvClient client(boolean routing) {
        return VkvClient.builder().target(cluster.node(1).address()).routing(routing).build();
    }

    @Test
    void theClientLearnsTheRingFromTheNodeItTalksTo() {
        try (VkvClient client = client(true)) {
            RingView ring = client.ring();
            assertEquals(64, ring.partitions());
            assertEquals(3, ring.replicaCount());
            assertEquals("n1", ring.describedBy());
            assertEquals(List.of("n1", "n2", "n3", "n4", "n5"), ring.nodes().stream().map(RingView.Node::id).toList());
            for (int p = 0; p < ring.partitions(); p++) {
                assertEquals(cluster.ring().replicas(p), ring.replicas(p));
            }
            byte[] key = "some-key".getBytes(StandardCharsets.UTF_8);
            assertEquals(cluster.ring().replicas(cluster.ring().partitioner().partitionOf(key)), ring.replicas(key));
        }
    }

    @Test
    void atLeast99PercentOfRequestsGoStraightToAReplica() {
        long before = cluster.forwarded();
        try (VkvClient client = client(true)) {
            for (int i = 0; i < REQUESTS; i++) {
                client.put("routed-" + i, "v" + i, Context.EMPTY);
                assertEquals("v" + i, client.get("routed-" + i).value().map(v -> new String(v, StandardCharsets.UTF_8)).orElseThrow());
            }
        }
        long forwarded = cluster.forwarded() - before;
        assertTrue(forwarded <= 2 * REQUESTS / 100, forwarded + " of " + 2 * REQUESTS + " requests were forwarded");
    }

    @Test
    void withoutRoutingTheNodeForwardsWhatItDoesNotReplicate() {
        long before = cluster.forwarded();
        int foreign = 0;
        try (VkvClient client = client(false)) {
            for (int i = 0; i < 100; i++) {
                String key = "unrouted-" + i;
                client.put(key, "v", Context.EMPTY);
                if (!cluster.ring().replicates("n1", cluster.ring().partitioner().partitionOf(key.getBytes(StandardCharsets.UTF_8)))) {
                    foreign++;
                }
            }
        }
        assertTrue(foreign > 0);
        assertEquals(foreign, cluster.forwarded() - before, "each put of a key n1 does not replicate was forwarded once");
    }
}
