package io.vkv.node.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.vkv.node.app.VkvNode;
import io.vkv.node.config.ConfigKey;
import io.vkv.node.config.NodeConfig;
import io.vkv.node.storage.Key;
import io.vkv.node.testing.CoordinatedStore;
import io.vkv.node.testing.RunningNode;
import io.vkv.proto.v1.GetRequest;
import io.vkv.proto.v1.PutRequest;
import io.vkv.proto.v1.PutResponse;
import io.vkv.proto.v1.WatchEvent;
import io.vkv.proto.v1.WatchRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node's life: start, restart with its data and secret, graceful close, and the ways starting or serving fails. */
class VkvNodeTest {

    @TempDir
    Path dir;

    static ByteString b(String s) {
        return ByteString.copyFromUtf8(s);
    }

    static PutRequest put(String key, String value, ByteString context) {
        return PutRequest.newBuilder().setKey(b(key)).setValue(b(value)).setContext(context).build();
    }

    @Test
    void aPutOnANodeWhoseDiskFailsIsUnavailableAndSaysWhatToDo() throws Exception {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.isWritable(full), "needs /dev/full to make the log's writes fail");
        try (RunningNode node = RunningNode.start(dir)) {
            node.kv().put(put("before", "v", ByteString.EMPTY));
        }
        Files.move(dir.resolve("log.0"), dir.resolve("log.0.saved"));
        Files.createSymbolicLink(dir.resolve("log.0"), full);
        try (RunningNode node = RunningNode.start(dir)) {
            StatusRuntimeException first = assertThrows(StatusRuntimeException.class, () -> node.kv().put(put("k", "v", ByteString.EMPTY)));
            StatusRuntimeException next = assertThrows(StatusRuntimeException.class, () -> node.kv().put(put("k2", "v", ByteString.EMPTY)));
            for (StatusRuntimeException e : List.of(first, next)) {
                assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
                assertTrue(e.getStatus().getDescription().startsWith("this node cannot write to its disk (operation log "),
                        e.getStatus().getDescription());
                assertTrue(e.getStatus().getDescription().endsWith("retry on another node, and restart this one once its disk is fixed"));
            }
        }
    }

    @Test
    void gracefulCloseAcknowledgesEveryWriteInFlightAndTheyAreDurable() throws Exception {
        int n = 300;
        List<StreamRecorder<PutResponse>> calls = new ArrayList<>();
        try (RunningNode node = RunningNode.start(dir)) {
            for (int i = 0; i < n; i++) {
                StreamRecorder<PutResponse> rec = new StreamRecorder<>();
                node.async().put(put("w/" + i, "v" + i, ByteString.EMPTY), rec);
                calls.add(rec);
            }
            // Every write has reached the store; some still wait for their fsync when the node closes.
            await().atMost(Duration.ofSeconds(30)).until(() -> node.node.store().keyCount() == n);
            node.node.close();
            for (StreamRecorder<PutResponse> rec : calls) {
                assertEquals(Status.Code.OK, rec.awaitEnd().getCode());
                assertEquals(1, rec.received.size());
            }
        }
        try (CoordinatedStore reopened = CoordinatedStore.open(NodeConfig.defaults("n1", dir).storageOptions())) {
            assertEquals(n, reopened.keyCount());
            assertEquals(1, reopened.get(Key.of("w/299").bytes()).siblingCount());
        }
    }

    @Test
    void closingTheNodeEndsWatchesWithUnavailable() throws Exception {
        try (RunningNode node = RunningNode.start(dir)) {
            StreamRecorder<WatchEvent> rec = new StreamRecorder<>();
            node.async().watch(WatchRequest.getDefaultInstance(), rec);
            await().atMost(Duration.ofSeconds(10)).until(() -> node.node.server().openWatches() == 1);
            node.node.close();
            Status end = rec.awaitEnd();
            assertEquals(Status.Code.UNAVAILABLE, end.getCode());
            assertEquals("node n1 is shutting down", end.getDescription());
        }
    }

    @Test
    void aRestartedNodeKeepsItsDataAndAcceptsTheContextsItIssuedBefore() throws Exception {
        ByteString context;
        try (RunningNode node = RunningNode.start(dir)) {
            context = node.kv().put(put("kept", "v1", ByteString.EMPTY)).getContext();
        }
        try (RunningNode node = RunningNode.start(dir)) {
            assertEquals(b("v1"), node.kv().get(GetRequest.newBuilder().setKey(b("kept")).build()).getSiblings(0).getValue());
            assertEquals(1, node.kv().put(put("kept", "v2", context)).getSiblingCount());
        }
    }

    @Test
    void contextsFromANodeWithAnotherSecretAreRefusedAndTheSameSecretIsAccepted() throws Exception {
        String shared = "one-secret-for-the-whole-cluster";
        try (RunningNode a = RunningNode.start(dir.resolve("a"), Map.of(ConfigKey.CLUSTER_SECRET.key(), shared));
             RunningNode b = RunningNode.start(dir.resolve("b"));
             RunningNode c = RunningNode.start(dir.resolve("c"), Map.of(ConfigKey.CLUSTER_SECRET.key(), shared))) {
            ByteString fromA = a.kv().put(put("k", "a", ByteString.EMPTY)).getContext();
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> b.kv().put(put("k", "b", fromA)));
            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
            assertEquals("context token was not issued by this cluster (bad signature)", e.getStatus().getDescription());
            assertTrue(b.kv().get(GetRequest.newBuilder().setKey(b("k")).build()).getSiblingsList().isEmpty());
            // c shares a's secret: the token passes (c has no such dots yet, so nothing is obsoleted).
            assertEquals(1, c.kv().put(put("k", "c", fromA)).getSiblingCount());
        }
    }

    @Test
    void configuredLimitsAreEnforcedAndNamedInTheError() throws Exception {
        try (RunningNode node = RunningNode.start(dir, Map.of(ConfigKey.LIMITS_KEY_BYTES.key(), "8", ConfigKey.LIMITS_VALUE_BYTES.key(), "16"))) {
            StatusRuntimeException k = assertThrows(StatusRuntimeException.class,
                    () -> node.kv().put(put("123456789", "v", ByteString.EMPTY)));
            assertEquals("key is 9 bytes; the limit is 8 bytes", k.getStatus().getDescription());
            StatusRuntimeException v = assertThrows(StatusRuntimeException.class,
                    () -> node.kv().put(put("k", "x".repeat(17), ByteString.EMPTY)));
            assertEquals("value is 17 bytes; the limit is 16 bytes", v.getStatus().getDescription());
            assertEquals(Status.Code.INVALID_ARGUMENT, v.getStatus().getCode());
        }
    }

    @Test
    void writesToAClosedStoreAreUnavailable() throws Exception {
        try (RunningNode node = RunningNode.start(dir)) {
            node.node.store().close();
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> node.kv().put(put("late", "v", ByteString.EMPTY)));
            assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
            assertEquals("the store of node n1 is closed", e.getStatus().getDescription());
            StreamRecorder<PutResponse> batch = new StreamRecorder<>();
            StreamObserver<PutRequest> in = node.async().putMany(batch);
            in.onNext(put("late", "v", ByteString.EMPTY));
            in.onCompleted();
            Status end = batch.awaitEnd();
            assertEquals(Status.Code.UNAVAILABLE, end.getCode());
            assertEquals("PutMany request #1: the store of node n1 is closed", end.getDescription());
        }
    }

    @Test
    void aPortInUseFailsTheStartAndReleasesTheDataDirectory() throws Exception {
        try (RunningNode first = RunningNode.start(dir.resolve("first"))) {
            int taken = first.node.port();
            VkvNode second = new VkvNode(NodeConfig.defaults("n2", dir.resolve("second"), Map.of(ConfigKey.NODE_PORT.key(), String.valueOf(taken))));
            IOException e = assertThrows(IOException.class, second::start);
            assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1:" + taken + ": "), e.getMessage());
            try (CoordinatedStore store = CoordinatedStore.open(NodeConfig.defaults("n2", dir.resolve("second")).storageOptions())) {
                assertEquals(0, store.keyCount()); // the failed node let go of its directory
            }
        }
    }

    @Test
    void aNodeStartsOnceAndClosesOnce() throws Exception {
        VkvNode node = new VkvNode(NodeConfig.defaults("n1", dir, Map.of(ConfigKey.NODE_PORT.key(), "0")));
        assertThrows(IllegalStateException.class, node::port);
        node.start();
        assertThrows(IllegalStateException.class, node::start);
        node.close();
        node.close();
        node.awaitClose(); // returns at once: the node is closed
        assertThrows(IllegalStateException.class, node::start);
    }
}
