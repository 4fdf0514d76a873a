package io.vkv.node.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.vkv.node.config.ConfigKey;
import io.vkv.node.testing.RunningNode;
import io.vkv.proto.v1.DeleteRequest;
import io.vkv.proto.v1.KeyValueGrpc;
import io.vkv.proto.v1.PutRequest;
import io.vkv.proto.v1.WatchEvent;
import io.vkv.proto.v1.WatchRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Watch over real gRPC: prefix filtering, origins, cancellation and watchers that fall behind. */
class WatchTest {

    @TempDir
    static Path dir;
    static RunningNode node;

    @BeforeAll
    static void start() throws Exception {
        node = RunningNode.start(dir, Map.of(ConfigKey.WATCH_QUEUE.key(), "4"));
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @AfterEach
    void noWatchLeftOpen() {
        await().atMost(Duration.ofSeconds(10)).until(() -> node.node.server().openWatches() == 0);
    }

    static ByteString b(String s) {
        return ByteString.copyFromUtf8(s);
    }

    static ByteString put(String key, String value) {
        return node.kv().put(PutRequest.newBuilder().setKey(b(key)).setValue(b(value)).build()).getContext();
    }

    static StreamRecorder<WatchEvent> watch(String prefix, int openBefore) {
        StreamRecorder<WatchEvent> rec = new StreamRecorder<>();
        node.async().watch(WatchRequest.newBuilder().setPrefix(b(prefix)).build(), rec);
        await().atMost(Duration.ofSeconds(10)).until(() -> node.node.server().openWatches() == openBefore + 1);
        return rec;
    }

    @Test
    void aWatcherSeesChangesToItsPrefixOnlyInOrder() throws Exception {
        StreamRecorder<WatchEvent> users = watch("user/", 0);
        StreamRecorder<WatchEvent> all = watch("", 1);
        ByteString ctx = put("user/1", "ann");
        put("order/1", "book");
        put("user/2", "bob");
        node.kv().delete(DeleteRequest.newBuilder().setKey(b("user/1")).setContext(ctx).build());
        put("user/3", "cy");
        await().atMost(Duration.ofSeconds(10)).until(() -> users.received.size() >= 4 && all.received.size() >= 5);

        List<WatchEvent> seen = users.received;
        assertEquals(List.of(b("user/1"), b("user/2"), b("user/1"), b("user/3")),
                seen.stream().map(e -> e.getState().getKey()).toList());
        assertTrue(seen.get(0).getState().getFound());
        assertEquals(b("ann"), seen.get(0).getState().getSiblings(0).getValue());
        assertFalse(seen.get(2).getState().getFound(), "the delete arrives as a not-found state");
        assertFalse(seen.get(2).getState().getContext().isEmpty());
        assertEquals(node.node.store().actor().toString(), seen.get(0).getOrigin());
        assertEquals(5, all.received.size());
        assertEquals(b("order/1"), all.received.get(1).getState().getKey());

        // The context in an event is good for the next write of that key.
        int siblings = node.kv().put(PutRequest.newBuilder().setKey(b("user/3")).setValue(b("cyd"))
                .setContext(seen.get(3).getState().getContext()).build()).getSiblingCount();
        assertEquals(1, siblings);
        cancelAll(users, all);
    }

    @Test
    void aWatchTooLongForAnyKeyIsRefused() throws Exception {
        StreamRecorder<WatchEvent> rec = new StreamRecorder<>();
        node.async().watch(WatchRequest.newBuilder().setPrefix(b("p".repeat(1025))).build(), rec);
        Status end = rec.awaitEnd();
        assertEquals(Status.Code.INVALID_ARGUMENT, end.getCode());
        assertEquals("prefix is 1025 bytes; no key can match it, the key limit is 1024 bytes", end.getDescription());
    }

    @Test
    void aWatcherThatCancelsIsForgottenAndTheNodeServesOn() throws Exception {
        for (int round = 0; round < 3; round++) {
            CancelAfter<WatchRequest, WatchEvent> client = new CancelAfter<>(2);
            node.async().watch(WatchRequest.newBuilder().setPrefix(b("c/")).build(), client);
            await().atMost(Duration.ofSeconds(10)).until(() -> node.node.server().openWatches() == 1);
            for (int i = 0; i < 5; i++) {
                put("c/" + i, "v");
            }
            assertEquals(2, client.awaitEnd());
            await().atMost(Duration.ofSeconds(10)).until(() -> node.node.server().openWatches() == 0);
        }
        put("c/after", "still serving");
        assertTrue(node.kv().get(io.vkv.proto.v1.GetRequest.newBuilder().setKey(b("c/after")).build()).getFound());
    }

    @Test
    void aWatcherThatDoesNotReadIsClosedWithResourceExhaustedInsteadOfGrowingMemory() throws Exception {
        // A small HTTP/2 window so the transport stops accepting after a few events.
        ManagedChannel slow = NettyChannelBuilder.forAddress("127.0.0.1", node.node.port()).usePlaintext()
                .flowControlWindow(64 * 1024).build();
        try {
            Paused paused = new Paused();
            KeyValueGrpc.newStub(slow).watch(WatchRequest.newBuilder().setPrefix(b("slow/")).build(), paused);
            await().atMost(Duration.ofSeconds(10)).until(() -> node.node.server().openWatches() == 1);
            String big = "x".repeat(32 * 1024);
            for (int i = 0; i < 200 && node.node.server().openWatches() > 0; i++) {
                put("slow/" + i, big);
            }
            assertEquals(0, node.node.server().openWatches(), "the watcher was closed");
            paused.call.request(Integer.MAX_VALUE); // now read what was sent before the close
            Status end = paused.end.get(30, TimeUnit.SECONDS);
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, end.getCode());
            assertEquals("watcher fell more than 4 changes behind and was closed; read the current state and watch again",
                    end.getDescription());
            assertFalse(paused.received.isEmpty());
            put("slow/after", "the node still serves");
        } finally {
            slow.shutdownNow();
            slow.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** A watch client that reads nothing until told to. */
    static final class Paused implements ClientResponseObserver<WatchRequest, WatchEvent> {
        final List<WatchEvent> received = new CopyOnWriteArrayList<>();
        final CompletableFuture<Status> end = new CompletableFuture<>();
        volatile ClientCallStreamObserver<WatchRequest> call;

        @Override
        public void beforeStart(ClientCallStreamObserver<WatchRequest> requestStream) {
            call = requestStream;
            requestStream.disableAutoRequestWithInitial(0);
        }

        @Override
        public void onNext(WatchEvent value) {
            received.add(value);
        }

        @Override
        public void onError(Throwable t) {
            end.complete(Status.fromThrowable(t));
        }

        @Override
        public void onCompleted() {
            end.complete(Status.OK);
        }
    }

    private static void cancelAll(StreamRecorder<?>... recorders) {
        for (StreamRecorder<?> r : recorders) {
            assertFalse(r.ended(), "the watch was still open");
            r.cancel();
        }
    }
}
