package io.vkv.node.ring;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.vkv.node.server.ForwardedCalls;
import io.vkv.node.storage.ReplicaStore;
import io.vkv.node.testing.RingCluster;
import io.vkv.node.testing.RunningNode;
import io.vkv.proto.v1.GetRequest;
import io.vkv.proto.v1.GetResponse;
import io.vkv.proto.v1.InfoResponse;
import io.vkv.proto.v1.PutRequest;
import io.vkv.proto.v1.PutResponse;
import io.vkv.proto.v1.ScanRequest;
import io.vkv.proto.v1.WatchEvent;
import io.vkv.proto.v1.WatchRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Five whole nodes at N = 3 through the embedded broker, loaded with 10,000 keys through every node: each key lives on
 * exactly its preference list, and every node serves every key, alone or in scans.
 */
class RingPlacementTest {

    private static final int M = 5;
    private static final int N = 3;
    private static final int Q = 64;
    private static final int KEYS = 10_000;
    private static final Duration WAIT = Duration.ofSeconds(60);
    // The loaded keys, "key-<i>", are the range [key-, key.): other tests write other keys.
    private static final byte[] LOADED_FROM = "key-".getBytes(StandardCharsets.UTF_8);
    private static final byte[] LOADED_TO = "key.".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path tmp;
    static RingCluster cluster;
    static List<RunningNode> nodes;
    static TokenRing expected;

    @BeforeAll
    static void startRing() throws IOException {
        cluster = RingCluster.start(tmp, M, N);
        nodes = cluster.nodes();
        expected = cluster.ring();
        load();
    }

    /** Writes the keys, each through a node chosen round-robin: most go through a node that must forward them. */
    private static void load() {
        List<CompletableFuture<PutResponse>> puts = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) {
            puts.add(unary(nodes.get(i % M), PutRequest.newBuilder().setKey(key(i)).setValue(ByteString.copyFromUtf8("v" + i)).build()));
            if (puts.size() >= 256 || i == KEYS - 1) {
                CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).join();
                puts.clear();
            }
        }
    }

    @AfterAll
    static void stopRing() {
        cluster.close();
    }

    private static InfoResponse info(RunningNode n) {
        return RingCluster.info(n);
    }

    private static ByteString key(int i) {
        return ByteString.copyFromUtf8("key-" + i);
    }

    /** Every loaded key this node holds in its own store, read locally (no forwarding, no replication). */
    private static Set<String> localKeys(RunningNode n) {
        Set<String> out = new HashSet<>();
        for (ReplicaStore.Entry e : n.node.store().scan(LOADED_FROM, LOADED_TO, Integer.MAX_VALUE)) {
            out.add(new String(e.key().bytes(), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void eachKeyIsStoredByExactlyItsPreferenceList() {
        Map<String, Set<String>> shouldHold = new HashMap<>();
        for (int i = 0; i < KEYS; i++) {
            for (String id : expected.replicas(expected.partitioner().partitionOf(key(i).toByteArray()))) {
                shouldHold.computeIfAbsent(id, x -> new TreeSet<>()).add(key(i).toStringUtf8());
            }
        }
        for (RunningNode n : nodes) {
            String id = n.node.config().nodeId();
            await().atMost(WAIT).untilAsserted(() -> assertEquals(shouldHold.get(id), localKeys(n), id + " holds exactly its partitions' keys"));
            long share = shouldHold.get(id).size();
            assertTrue(share > KEYS * N / M / 2 && share < KEYS * N / M * 2, id + " holds " + share + " keys, about N/M of them");
        }
    }

    @Test
    void everyKeyIsReadableThroughEveryNode() {
        for (RunningNode n : nodes) {
            for (int i = 0; i < KEYS; i += 7) {
                GetResponse r = n.kv().get(GetRequest.newBuilder().setKey(key(i)).build());
                assertTrue(r.getFound(), "key-" + i + " through " + n.node.config().nodeId());
                assertEquals("v" + i, r.getSiblings(0).getValue().toStringUtf8());
            }
            assertTrue(info(n).getForwarded() > 0, "every node forwarded the keys it does not replicate");
        }
    }

    @Test
    void aScanThroughAnyNodeGathersEveryKeyOnceInKeyOrder() {
        List<String> all = IntStream.range(0, KEYS).mapToObj(i -> key(i).toStringUtf8()).sorted().toList();
        for (RunningNode n : nodes) {
            List<String> scanned = new ArrayList<>();
            n.kv().scan(ScanRequest.newBuilder().setFrom(ByteString.copyFrom(LOADED_FROM)).setTo(ByteString.copyFrom(LOADED_TO))
                    .setLimit(KEYS + 1).build()).forEachRemaining(r -> scanned.add(r.getKey().toStringUtf8()));
            assertEquals(all, scanned, "a full scan through " + n.node.config().nodeId());
        }
        List<String> page = new ArrayList<>();
        nodes.get(0).kv().scan(ScanRequest.newBuilder().setFrom(ByteString.copyFromUtf8("key-5")).setTo(ByteString.copyFromUtf8("key-6"))
                .setLimit(300).build()).forEachRemaining(r -> page.add(r.getKey().toStringUtf8()));
        assertEquals(all.stream().filter(k -> k.compareTo("key-5") >= 0 && k.compareTo("key-6") < 0).limit(300).toList(), page);
    }

    @Test
    void aWatchThroughOneNodeSeesChangesToEveryPartition() {
        RunningNode n1 = nodes.get(0);
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        Context.CancellableContext watching = Context.current().withCancellation();
        watching.run(() -> n1.async().watch(WatchRequest.newBuilder().setPrefix(ByteString.copyFromUtf8("watched-")).build(),
                new StreamObserver<>() {
                    @Override
                    public void onNext(WatchEvent e) {
                        seen.add(e.getState().getKey().toStringUtf8());
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onCompleted() {
                    }
                }));
        try {
            Set<String> written = new TreeSet<>();
            await().atMost(WAIT).untilAsserted(() -> {
                // Writes go on until the remote watches are in place: a watch sees changes from when it is set up.
                String k = "watched-" + written.size();
                nodes.get(written.size() % M).kv().put(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8(k)).build());
                written.add(k);
                List<String> snapshot;
                synchronized (seen) { // the watch adds from gRPC's thread while this copies
                    snapshot = new ArrayList<>(seen);
                }
                assertTrue(written.size() >= 40 && new HashSet<>(snapshot).containsAll(written.stream().skip(20).toList()), snapshot.toString());
            });
            Set<Integer> partitions = new HashSet<>();
            seen.forEach(k -> partitions.add(expected.partitioner().partitionOf(k.getBytes(StandardCharsets.UTF_8))));
            assertTrue(partitions.stream().anyMatch(p -> !expected.replicates("n1", p)), "changes to partitions n1 does not replicate");
        } finally {
            watching.cancel(null);
        }
    }

    @Test
    void aScanPieceForAPartitionThisNodeDoesNotReplicateIsRefused() {
        RunningNode n1 = nodes.get(0);
        int foreign = IntStream.range(0, Q).filter(p -> !expected.replicates("n1", p)).findFirst().orElseThrow();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> n1.kv()
                .scan(ScanRequest.newBuilder().addPartitions(foreign).build()).hasNext());
        assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode(), e.getMessage());
        StatusRuntimeException bad = assertThrows(StatusRuntimeException.class, () -> n1.kv()
                .scan(ScanRequest.newBuilder().addPartitions(Q).build()).hasNext());
        assertEquals(Status.Code.INVALID_ARGUMENT, bad.getStatus().getCode());
        assertTrue(bad.getStatus().getDescription().contains("partition 64 does not exist"), bad.getMessage());
    }

    @Test
    void aForwardedRequestThatReachesANonReplicaIsRefusedNotForwardedAgain() {
        ByteString k = key(42);
        int partition = expected.partitioner().partitionOf(k.toByteArray());
        RunningNode outsider = nodes.stream().filter(n -> !expected.replicates(n.node.config().nodeId(), partition)).findFirst().orElseThrow();
        Metadata hop = new Metadata();
        hop.put(ForwardedCalls.FORWARDED_BY, "n9");
        long before = info(outsider).getForwarded();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> outsider.kv()
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(hop)).get(GetRequest.newBuilder().setKey(k).build()));
        assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("n9 forwarded this Get to " + outsider.node.config().nodeId()), e.getMessage());
        assertEquals(before, info(outsider).getForwarded());
    }

    private static CompletableFuture<PutResponse> unary(RunningNode n, PutRequest request) {
        CompletableFuture<PutResponse> f = new CompletableFuture<>();
        n.async().withDeadlineAfter(60, TimeUnit.SECONDS).put(request, new StreamObserver<>() {
            @Override
            public void onNext(PutResponse value) {
                f.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                f.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
            }
        });
        return f;
    }
}
