package io.vkv.node.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.vkv.broker.EmbeddedBroker;
import io.vkv.node.app.VkvNode;
import io.vkv.node.config.NodeConfigLoader;
import io.vkv.node.testing.MoquetteBroker;
import io.vkv.proto.v1.DeleteRequest;
import io.vkv.proto.v1.GetRequest;
import io.vkv.proto.v1.GetResponse;
import io.vkv.proto.v1.HistoryRequest;
import io.vkv.proto.v1.HistoryResponse;
import io.vkv.proto.v1.KeyValueGrpc;
import io.vkv.proto.v1.PutRequest;
import io.vkv.proto.v1.PutResponse;
import io.vkv.proto.v1.Sibling;
import io.vkv.proto.v1.TrimRequest;
import io.vkv.proto.v1.TrimResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A key's history over vkv.v1 on real nodes: reads as of a version, History, Trim and erasing deletes, on one node and two. */
class KeyHistoryApiTest {

    @TempDir
    Path tmp;
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private KeyValueGrpc.KeyValueBlockingStub node(String id, String brokerUrl, Map<String, String> more) throws Exception {
        return stub(started(id, brokerUrl, more));
    }

    private VkvNode started(String id, String brokerUrl) throws Exception {
        return started(id, brokerUrl, Map.of());
    }

    private VkvNode started(String id, String brokerUrl, Map<String, String> more) throws Exception {
        Map<String, String> flags = new HashMap<>(Map.of("node.id", id, "node.port", "0", "data.dir", tmp.resolve(id).toString(),
                "cluster.secret", "history-test-secret-0123456789", "broker.url", brokerUrl));
        flags.putAll(more);
        VkvNode node = new VkvNode(NodeConfigLoader.load(Map.of(), Map.of(), flags)).start();
        open.add(node);
        return node;
    }

    private KeyValueGrpc.KeyValueBlockingStub stub(VkvNode node) {
        ManagedChannel c = NettyChannelBuilder.forAddress("127.0.0.1", node.port()).usePlaintext().build();
        open.add(() -> {
            c.shutdownNow();
            c.awaitTermination(5, TimeUnit.SECONDS);
        });
        return KeyValueGrpc.newBlockingStub(c).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    private static ByteString b(String s) {
        return ByteString.copyFromUtf8(s);
    }

    private static PutResponse put(KeyValueGrpc.KeyValueBlockingStub kv, String key, String value) {
        ByteString context = kv.get(GetRequest.newBuilder().setKey(b(key)).build()).getContext();
        return kv.put(PutRequest.newBuilder().setKey(b(key)).setValue(b(value)).setContext(context).build());
    }

    private static String at(KeyValueGrpc.KeyValueBlockingStub kv, String key, long version) {
        GetResponse r = kv.get(GetRequest.newBuilder().setKey(b(key)).setAt(version).build());
        assertTrue(r.getContext().isEmpty(), "a read as of a version carries no context to write with");
        if (r.getSiblingsCount() == 0) {
            return "(none)";
        }
        return r.getFound() ? r.getSiblings(0).getValue().toStringUtf8() : "(deleted)";
    }

    private static List<Long> numbers(HistoryResponse h) {
        return h.getVersionsList().stream().map(Sibling::getVersion).toList();
    }

    private static List<String> values(HistoryResponse h) {
        return h.getVersionsList().stream().map(s -> s.getDeleted() ? "(deleted)" : s.getValue().toStringUtf8()).toList();
    }

    @Test
    void versionsAreReadBeforeBetweenAndAfterEachOtherAndATrimLeavesOnlyTheLatest() throws Exception {
        KeyValueGrpc.KeyValueBlockingStub kv = node("n1", "", Map.of());
        long v1 = put(kv, "k", "one").getVersion();
        long v2 = put(kv, "k", "two").getVersion();
        long v3 = put(kv, "k", "three").getVersion();
        assertTrue(v1 < v2 && v2 < v3, "numbers grow per key: " + v1 + ", " + v2 + ", " + v3);

        HistoryResponse h = kv.history(HistoryRequest.newBuilder().setKey(b("k")).build());
        assertEquals(List.of(v1, v2, v3), numbers(h));
        assertEquals(List.of("one", "two", "three"), values(h));
        assertEquals("(none)", at(kv, "k", v1 - 1), "before the first version");
        assertEquals("one", at(kv, "k", v1));
        assertEquals("two", at(kv, "k", v2));
        assertEquals("three", at(kv, "k", v3 + 1_000), "after the last: the latest");

        TrimResponse t = kv.trim(TrimRequest.newBuilder().setKey(b("k")).build());
        assertEquals(v3, t.getKept().getVersion());
        assertEquals(2, t.getDropped());
        assertEquals(List.of(v3), numbers(kv.history(HistoryRequest.newBuilder().setKey(b("k")).build())));
        assertEquals("(none)", at(kv, "k", v2), "a trimmed version cannot be read");
        assertFalse(kv.trim(TrimRequest.newBuilder().setKey(b("never")).build()).hasKept(), "trimming an absent key keeps nothing");
    }

    @Test
    void aDeleteKeepsTheHistoryAnErasingDeleteRemovesItAndAPutAfterItStartsAfresh() throws Exception {
        KeyValueGrpc.KeyValueBlockingStub kv = node("n1", "", Map.of());
        long v1 = put(kv, "k", "one").getVersion();
        ByteString context = kv.get(GetRequest.newBuilder().setKey(b("k")).build()).getContext();
        long deleted = kv.delete(DeleteRequest.newBuilder().setKey(b("k")).setContext(context).build()).getVersion();
        assertEquals("one", at(kv, "k", v1), "a plain delete is a version: what it replaced stays readable");
        assertEquals("(deleted)", at(kv, "k", deleted));

        long v2 = put(kv, "k", "two").getVersion();
        context = kv.get(GetRequest.newBuilder().setKey(b("k")).build()).getContext();
        long erased = kv.delete(DeleteRequest.newBuilder().setKey(b("k")).setContext(context).setErase(true).build()).getVersion();
        assertTrue(erased > v2);
        assertEquals("(none)", at(kv, "k", v2), "an erasing delete removes every version before it");
        assertEquals(List.of("(deleted)"), values(kv.history(HistoryRequest.newBuilder().setKey(b("k")).build())));

        long v3 = put(kv, "k", "three").getVersion();
        assertTrue(v3 > erased, "numbers keep growing past an erasure");
        assertEquals(List.of("three"), values(kv.history(HistoryRequest.newBuilder().setKey(b("k")).build())),
                "the tombstone went with the erased history once superseded");
    }

    @Test
    void aVersionNumberPastTheSignedRangeIsRefusedWithTheRange() throws Exception {
        KeyValueGrpc.KeyValueBlockingStub kv = node("n1", "", Map.of());
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> kv.get(GetRequest.newBuilder().setKey(b("k")).setAt(-5).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("2^63 - 1"), e.getStatus().getDescription());
        StatusRuntimeException empty = assertThrows(StatusRuntimeException.class, () -> kv.history(HistoryRequest.getDefaultInstance()));
        assertEquals(Status.Code.INVALID_ARGUMENT, empty.getStatus().getCode());
    }

    @Test
    void theHistoryLimitDropsTheOldestAndZeroKeepsOnlyLiveVersions() throws Exception {
        KeyValueGrpc.KeyValueBlockingStub two = node("n1", "", Map.of("history.max-versions", "2"));
        for (int i = 1; i <= 5; i++) {
            put(two, "k", "v" + i);
        }
        assertEquals(List.of("v3", "v4", "v5"), values(two.history(HistoryRequest.newBuilder().setKey(b("k")).build())),
                "two superseded versions and the live one");
        KeyValueGrpc.KeyValueBlockingStub none = node("n2", "", Map.of("history.max-versions", "0"));
        put(none, "k", "a");
        put(none, "k", "b");
        assertEquals(List.of("b"), values(none.history(HistoryRequest.newBuilder().setKey(b("k")).build())));
    }

    @Test
    void aNodeThatWasDownCatchesUpOnTheVersionsItMissedByAntiEntropy() throws Exception {
        MoquetteBroker broker = MoquetteBroker.start(tmp.resolve("broker"));
        open.add(broker);
        KeyValueGrpc.KeyValueBlockingStub n1 = node("n1", broker.url(), Map.of());
        VkvNode n2 = started("n2", broker.url());
        put(n1, "k", "seen by both");
        await().atMost(Duration.ofSeconds(30)).until(() -> n2.store().get(b("k").toByteArray()).siblingCount() == 1);
        n2.close();
        broker.stop();
        broker.start(false); // the broker forgets n2's session: what n2 missed can only come by anti-entropy
        List<Long> missed = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            missed.add(put(n1, "k", "missed " + i).getVersion());
        }
        KeyValueGrpc.KeyValueBlockingStub back = stub(started("n2", broker.url()));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertEquals(
                List.of("seen by both", "missed 1", "missed 2", "missed 3"),
                values(back.history(HistoryRequest.newBuilder().setKey(b("k")).build()))));
        assertEquals("missed 2", at(back, "k", missed.get(1)));
    }

    @Test
    void aNodeSharingABrokerSeesTheSameVersionNumbersAndTheTrim() throws Exception {
        EmbeddedBroker broker = EmbeddedBroker.start(0, null);
        open.add(broker::close);
        String url = broker.url();
        KeyValueGrpc.KeyValueBlockingStub n1 = node("n1", url, Map.of());
        KeyValueGrpc.KeyValueBlockingStub n2 = node("n2", url, Map.of());
        List<Long> written = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            written.add(put(n1, "shared", "v" + i).getVersion());
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertEquals(written, numbers(n2.history(HistoryRequest.newBuilder().setKey(b("shared")).build()))));
        assertEquals("v2", at(n2, "shared", written.get(1)), "the same number names the same version on the other node");

        n1.trim(TrimRequest.newBuilder().setKey(b("shared")).build());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertEquals(List.of(written.get(2)), numbers(n2.history(HistoryRequest.newBuilder().setKey(b("shared")).build()))));
    }
}
