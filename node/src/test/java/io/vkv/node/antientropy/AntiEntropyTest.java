package io.vkv.node.antientropy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.vkv.node.metrics.DropReason;
import io.vkv.node.metrics.DropReporter;
import io.vkv.node.metrics.ReplicationStats;
import io.vkv.node.mqtt.EnvelopeSigner;
import io.vkv.node.runtime.Clock;
import io.vkv.node.runtime.ManualClock;
import io.vkv.node.runtime.NodeRuntime;
import io.vkv.node.runtime.Threads;
import io.vkv.node.storage.FsyncPolicy;
import io.vkv.node.storage.KeyStateCodec;
import io.vkv.node.storage.StorageOptions;
import io.vkv.node.testing.Convergence;
import io.vkv.node.testing.CoordinatedStore;
import io.vkv.node.version.KeyState;
import io.vkv.node.version.VersionVector;
import io.vkv.placement.KeyPartitioner;
import io.vkv.proto.internal.AntiEntropyGrpc;
import io.vkv.proto.internal.DigestRequest;
import io.vkv.proto.internal.FetchRequest;
import io.vkv.proto.internal.FetchResponse;
import io.vkv.proto.internal.KeyedState;
import io.vkv.proto.internal.PushBatch;
import io.vkv.proto.internal.PushRequest;
import io.vkv.proto.internal.SignedEnvelope;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Anti-entropy between two real stores over real gRPC, without any broker. */
class AntiEntropyTest {

    private static final byte[] SECRET = "anti-entropy-test-secret".getBytes(StandardCharsets.UTF_8);
    private static final long T = 1_700_000_000_000L;

    private static final KeyPartitioner PARTITIONER = new KeyPartitioner(64);

    @TempDir
    Path dir;
    private CoordinatedStore a;
    private CoordinatedStore b;
    private final ReplicationStats statsB = new ReplicationStats();
    private AntiEntropyService serviceB;
    private Server serverB;
    private ManagedChannel toB;
    private AntiEntropySession session;
    private volatile IntPredicate heldByA = p -> true; // the partitions each side holds by its view of the ring
    private volatile IntPredicate heldByB = p -> true;
    private final ManualClock clockA = new ManualClock(T); // the wall clock a's writes take their hybrid time from

    @BeforeEach
    void start() throws IOException {
        a = CoordinatedStore.open(StorageOptions.defaults(dir.resolve("a"), "a").withFsync(FsyncPolicy.NEVER),
                new NodeRuntime(clockA, new SplittableRandom(1), Threads.daemon("a")));
        b = CoordinatedStore.open(StorageOptions.defaults(dir.resolve("b"), "b").withFsync(FsyncPolicy.NEVER));
        KeyStateCodec codec = new KeyStateCodec();
        EnvelopeSigner signer = new EnvelopeSigner(SECRET);
        StoreDigests digestsA = new StoreDigests(a.replicas(), a.partitioner(), 1000, Clock.system());
        StoreDigests digestsB = new StoreDigests(b.replicas(), b.partitioner(), 1000, Clock.system());
        a.addListener(digestsA);
        b.addListener(digestsB);
        serviceB = new AntiEntropyService(b.replicas(), "c", signer, codec, b.options().limits(), digestsB, new DropReporter(statsB, Clock.system()), p -> heldByB.test(p), Threads.daemon("b"));
        serverB = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(serviceB).build().start();
        toB = NettyChannelBuilder.forAddress("127.0.0.1", serverB.getPort()).usePlaintext().maxInboundMessageSize(64 << 20).build();
        session = new AntiEntropySession(a.replicas(), "c", signer, codec, digestsA, PARTITIONER, p -> heldByA.test(p));
    }

    @AfterEach
    void stop() throws InterruptedException {
        toB.shutdownNow();
        serverB.shutdownNow();
        serverB.awaitTermination(5, TimeUnit.SECONDS);
        serviceB.close();
        a.close();
        b.close();
    }

    private AntiEntropyGrpc.AntiEntropyBlockingStub stub() {
        return AntiEntropyGrpc.newBlockingStub(toB).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    private static BitSet all() {
        BitSet p = new BitSet();
        p.set(0, 64);
        return p;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void put(CoordinatedStore s, String key, String value) {
        s.put(bytes(key), bytes(value), VersionVector.EMPTY).join();
    }

    private Map<String, Function<String, List<Convergence.SiblingView>>> readers() {
        Map<String, Function<String, List<Convergence.SiblingView>>> r = new LinkedHashMap<>();
        r.put("a", k -> Convergence.siblings(a.get(bytes(k))));
        r.put("b", k -> Convergence.siblings(b.get(bytes(k))));
        return r;
    }

    @Test
    void oneExchangeLeavesBothSidesWithTheJoinAndASecondFindsNothing() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            put(a, "only-a-" + i, "a" + i);
            put(b, "only-b-" + i, "b" + i);
            keys.add("only-a-" + i);
            keys.add("only-b-" + i);
        }
        for (int i = 0; i < 50; i++) {
            put(a, "both-" + i, "from-a");
            put(b, "both-" + i, "from-b");
            keys.add("both-" + i);
        }
        KeyState shared = a.get(bytes("only-a-0"));
        b.merge(bytes("only-a-0"), shared).join(); // one key already equal on both sides

        AntiEntropySession.Result first = session.run(stub(), all(), AntiEntropySession.REPAIR_ALL);
        assertEquals("", Convergence.differences(keys, readers()));
        assertEquals(2, b.get(bytes("both-7")).siblingCount(), "concurrent writes end as siblings on both sides");
        assertEquals(1500 + 50, first.fetched());
        assertEquals(1499 + 50, first.pushed());
        assertTrue(first.bucketsDiffering() > 512, "the differing buckets span several digest calls of 512");

        AntiEntropySession.Result second = session.run(stub(), all(), AntiEntropySession.REPAIR_ALL);
        assertEquals(new AntiEntropySession.Result(0, 0, 0, 0, 0), second);
    }

    @Test
    void anExchangeWithACutoffLeavesYoungerDifferencesToReplicationAndRepairsTheRest() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            put(a, "settled-" + i, "old");
            keys.add("settled-" + i);
        }
        clockA.setWall(T + 10_000);
        for (int i = 0; i < 20; i++) {
            put(a, "in-flight-" + i, "new");
        }
        put(a, "settled-0", "rewritten just now"); // its newest write is young: left alone too

        AntiEntropySession.Result periodic = session.run(stub(), all(), T + 5_000);
        assertEquals(0, periodic.fetched());
        assertEquals(19, periodic.pushed(), "the settled keys reach b");
        assertEquals(21, periodic.inFlight(), "young keys are not counted as differences");
        assertEquals("", Convergence.differences(keys.subList(1, keys.size()), readers()));
        assertEquals(KeyState.EMPTY, b.get(bytes("in-flight-3")));

        AntiEntropySession.Result thorough = session.run(stub(), all(), AntiEntropySession.REPAIR_ALL);
        assertEquals(21, thorough.pushed());
        assertEquals(0, thorough.inFlight());
    }

    @Test
    void largeStatesAreFetchedOverSeveralCalls() {
        String big = "x".repeat(900 * 1024);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            put(b, "big-" + i, big + i);
            keys.add("big-" + i);
        }
        FetchResponse partial = stub().fetch(FetchRequest.newBuilder().setCluster("c")
                .addAllKeys(keys.stream().map(k -> ByteString.copyFrom(bytes(k))).toList()).build());
        assertTrue(partial.getAnswered() < keys.size(), "one answer holds at most ~3 MiB");

        assertEquals(8, session.run(stub(), all(), AntiEntropySession.REPAIR_ALL).fetched());
        assertEquals("", Convergence.differences(keys, readers()));
    }

    @Test
    void forgedMalformedAndForeignRequestsAreRefusedAndLeaveTheStoreAlone() {
        put(b, "precious", "intact");
        KeyState eraser = KeyState.of(List.of(), b.get(bytes("precious")).context());
        KeyedState entry = KeyedState.newBuilder().setKey(ByteString.copyFrom(bytes("precious")))
                .setState(KeyStateCodec.proto(eraser)).build();
        PushBatch batch = PushBatch.newBuilder().setCluster("c").addEntries(entry).build();

        SignedEnvelope forged = new EnvelopeSigner(bytes("not-the-secret")).seal(EnvelopeSigner.PUSH, batch.toByteArray());
        assertStatus(Status.Code.PERMISSION_DENIED, () -> stub().push(PushRequest.newBuilder().setEnvelope(forged).build()));

        SignedEnvelope foreign = new EnvelopeSigner(SECRET).seal(EnvelopeSigner.PUSH, batch.toBuilder().setCluster("other").build().toByteArray());
        assertStatus(Status.Code.FAILED_PRECONDITION, () -> stub().push(PushRequest.newBuilder().setEnvelope(foreign).build()));

        SignedEnvelope garbage = SignedEnvelope.newBuilder().setKind(EnvelopeSigner.PUSH).setPayload(ByteString.copyFrom(new byte[] {(byte) 0xff, 1})).build();
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> stub().push(PushRequest.newBuilder().setEnvelope(garbage).build()));

        SignedEnvelope asBatch = new EnvelopeSigner(SECRET).seal(EnvelopeSigner.BATCH, batch.toByteArray());
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> stub().push(PushRequest.newBuilder().setEnvelope(asBatch).build()));

        assertStatus(Status.Code.FAILED_PRECONDITION, () -> stub().digest(DigestRequest.newBuilder().setCluster("other").addPartitions(0).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> stub().digest(DigestRequest.newBuilder().setCluster("c").addPartitions(64).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> stub().fetch(FetchRequest.newBuilder().setCluster("c").addKeys(ByteString.EMPTY).build()));

        assertEquals(1, statsB.dropped(DropReason.BAD_MAC));
        assertEquals(1, statsB.dropped(DropReason.WRONG_CLUSTER));
        assertEquals(2, statsB.dropped(DropReason.MALFORMED));
        assertEquals(List.of("intact"), b.get(bytes("precious")).values().stream().map(s -> new String(s.value(), StandardCharsets.UTF_8)).toList());
    }

    @Test
    void statesOfAPartitionTheReceiverDoesNotHoldAreRefusedOnPushAndSkippedOnFetch() {
        put(a, "moved-away", "from a");
        put(b, "also-moved", "from b");
        int pushed = PARTITIONER.partitionOf(bytes("moved-away"));
        int fetched = PARTITIONER.partitionOf(bytes("also-moved"));
        heldByB = p -> p != pushed; // b dropped the first key's partition; a has not heard yet
        heldByA = p -> p != fetched; // and a dropped the second's

        PushBatch batch = PushBatch.newBuilder().setCluster("c").addEntries(KeyedState.newBuilder()
                .setKey(ByteString.copyFrom(bytes("moved-away"))).setState(KeyStateCodec.proto(a.get(bytes("moved-away"))))).build();
        SignedEnvelope push = new EnvelopeSigner(SECRET).seal(EnvelopeSigner.PUSH, batch.toByteArray());
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                () -> stub().push(PushRequest.newBuilder().setEnvelope(push).build()));
        assertEquals(Status.Code.FAILED_PRECONDITION, refused.getStatus().getCode());
        assertEquals("b does not replicate partition " + pushed + " by its view of the ring: the two nodes see different rings while"
                + " membership settles; retry", refused.getStatus().getDescription());
        assertEquals(KeyState.EMPTY, b.get(bytes("moved-away")), "nothing of a refused push is merged");

        BitSet only = new BitSet();
        only.set(fetched);
        session.run(stub(), only, AntiEntropySession.REPAIR_ALL);
        assertEquals(KeyState.EMPTY, a.get(bytes("also-moved")), "a fetched state of a partition a no longer holds is not merged");
    }

    private static void assertStatus(Status.Code expected, Runnable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
        assertEquals(expected, e.getStatus().getCode(), e.getStatus().toString());
    }
}
