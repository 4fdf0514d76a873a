package io.vkv.node.ring;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.StatusRuntimeException;
import io.vkv.node.storage.ReplicaStore;
import io.vkv.node.testing.RingCluster;
import io.vkv.node.testing.RunningNode;
import io.vkv.proto.v1.GetRequest;
import io.vkv.proto.v1.GetResponse;
import io.vkv.proto.v1.InfoResponse;
import io.vkv.proto.v1.PutRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fifth node joins a ring of four at N = 3 while writers run through every node: it pulls its partitions before it
 * serves them, the nodes it displaces hand theirs off and drop them, and every acknowledged write ends on exactly its
 * N replicas.
 */
class JoinTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int N = 3;

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

    /** Keys node {@code n} holds in its own store. */
    private static Set<String> localKeys(RunningNode n) {
        Set<String> out = new HashSet<>();
        for (ReplicaStore.Entry e : n.node.store().scan(null, null, Integer.MAX_VALUE)) {
            out.add(new String(e.key().bytes(), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static List<List<String>> ring(InfoResponse info) {
        return info.getRingList().stream().map(r -> List.copyOf(r.getNodesList())).toList();
    }

    @Test
    void aNodeJoiningUnderLoadTakesAboutNOverMOfThePartitionsAndLosesNoAcknowledgedWrite() throws Exception {
        cluster = RingCluster.start(tmp, 4, N);
        List<List<String>> before = ring(RingCluster.info(cluster.node(1)));
        for (int i = 0; i < 2_000; i++) {
            cluster.node(1 + i % 4).kv().put(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8("pre-" + i))
                    .setValue(ByteString.copyFromUtf8("v" + i)).build());
        }
        ConcurrentLinkedQueue<String> acked = new ConcurrentLinkedQueue<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger refused = new AtomicInteger();
        Thread writer = new Thread(() -> {
            int i = 0;
            while (writing.get()) {
                List<RunningNode> nodes = cluster.running();
                RunningNode through = nodes.get(ThreadLocalRandom.current().nextInt(nodes.size()));
                String key = "during-" + i++;
                try {
                    through.kv().put(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8(key)).setValue(ByteString.copyFromUtf8(key)).build());
                    acked.add(key);
                } catch (StatusRuntimeException e) {
                    refused.incrementAndGet(); // not acknowledged: nothing is owed
                }
            }
        });
        writer.start();
        RunningNode joined = cluster.join("n5");
        Thread.sleep(1000);
        writing.set(false);
        writer.join();

        List<List<String>> after = ring(RingCluster.info(joined));
        long moved = IntStream.range(0, before.size()).filter(p -> !before.get(p).equals(after.get(p))).count();
        assertTrue(moved <= before.size() * N / 5 * 3 / 2, moved + " of " + before.size() + " partitions moved: about N/M");
        assertTrue(after.stream().filter(r -> r.contains("n5")).count() > 0, "the new node serves partitions");

        Map<String, Set<String>> shouldHold = new TreeMap<>();
        List<String> all = new java.util.ArrayList<>(acked);
        IntStream.range(0, 2_000).forEach(i -> all.add("pre-" + i));
        TokenRing ring = cluster.ring();
        for (String key : all) {
            int p = ring.partitioner().partitionOf(key.getBytes(StandardCharsets.UTF_8));
            for (String holder : after.get(p)) {
                shouldHold.computeIfAbsent(holder, h -> new HashSet<>()).add(key);
            }
        }
        for (RunningNode n : cluster.running()) {
            await().atMost(WAIT).untilAsserted(() -> assertEquals(shouldHold.getOrDefault(id(n), Set.of()), localKeys(n),
                    id(n) + " holds exactly the keys of its partitions"));
        }
        for (RunningNode n : cluster.running()) {
            for (int i = 0; i < all.size(); i += 37) {
                GetResponse r = n.kv().get(GetRequest.newBuilder().setKey(ByteString.copyFromUtf8(all.get(i))).build());
                assertTrue(r.getFound(), all.get(i) + " through " + id(n));
            }
        }
        assertTrue(acked.size() > 50, "writers ran during the join: " + acked.size() + " acknowledged, " + refused.get() + " refused");
    }
}
