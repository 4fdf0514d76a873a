package io.vkv.node.compat;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.ufu.facom.gbc074.project.KeyRange;
import br.ufu.facom.gbc074.project.KeyRequest;
import br.ufu.facom.gbc074.project.KeyValueRequest;
import br.ufu.facom.gbc074.project.KeyValueStoreGrpc;
import br.ufu.facom.gbc074.project.KeyValueVersionReply;
import br.ufu.facom.gbc074.project.PutReply;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.vkv.broker.EmbeddedBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The multi-version store's project.KeyValueStore, served by real vkv nodes, driven as its own clients drive it. */
class ProjectKeyValueStoreTest {

    @TempDir
    Path tmp;
    SeedApiNodes nodes;
    KeyValueStoreGrpc.KeyValueStoreBlockingStub kv;
    KeyValueStoreGrpc.KeyValueStoreStub async;

    @BeforeEach
    void start() throws Exception {
        nodes = new SeedApiNodes(tmp);
        ManagedChannel c = nodes.start("n1", "");
        kv = KeyValueStoreGrpc.newBlockingStub(c).withDeadlineAfter(30, TimeUnit.SECONDS);
        async = KeyValueStoreGrpc.newStub(c);
    }

    @AfterEach
    void stop() throws Exception {
        nodes.close();
    }

    private static KeyRequest key(String k) {
        return KeyRequest.newBuilder().setKey(k).build();
    }

    private static KeyRequest key(String k, long ver) {
        return KeyRequest.newBuilder().setKey(k).setVer(ver).build();
    }

    private PutReply put(String k, String v) {
        return kv.put(KeyValueRequest.newBuilder().setKey(k).setVal(v).build());
    }

    private static String show(KeyValueVersionReply r) {
        return r.getKey() + "=" + r.getVal() + (r.getVer() == 0 ? "" : "@v");
    }

    @Test
    void getFindsTheLatestOrTheGreatestVersionAtOrBeforeTheOneAsked() {
        PutReply first = put("a", "1");
        assertEquals("", first.getOldVal());
        assertEquals(0, first.getOldVer());
        PutReply second = put("a", "2");
        assertEquals("1", second.getOldVal());
        assertEquals(first.getVer(), second.getOldVer());
        long v1 = first.getVer();
        long v2 = second.getVer();
        assertTrue(v2 > v1);

        assertEquals("2", kv.get(key("a")).getVal(), "no version: the latest");
        assertEquals(v2, kv.get(key("a", 0)).getVer(), "version 0: the latest");
        assertEquals(v2, kv.get(key("a", -7)).getVer(), "a negative version: the latest");
        assertEquals("", kv.get(key("a", v1 - 1)).getVal(), "before the first version: empty");
        assertEquals(0, kv.get(key("a", v1 - 1)).getVer());
        assertEquals("1", kv.get(key("a", v1)).getVal());
        assertEquals("1", kv.get(key("a", v2 - 1)).getVal(), "between versions: the earlier");
        assertEquals("2", kv.get(key("a", Long.MAX_VALUE)).getVal(), "far in the future: the latest");
        assertEquals("missing=", show(kv.get(key("missing"))), "a missing key is an empty answer, not an error");
    }

    @Test
    void trimKeepsTheLatestAndDelRemovesEveryVersionAfterWhichAPutStartsAgain() {
        long v1 = put("t", "1").getVer();
        long v2 = put("t", "2").getVer();
        KeyValueVersionReply trimmed = kv.trim(key("t"));
        assertEquals("2", trimmed.getVal());
        assertEquals(v2, trimmed.getVer());
        assertEquals("", kv.get(key("t", v1)).getVal(), "the trimmed version is gone");
        assertEquals("2", kv.get(key("t", v2)).getVal());

        KeyValueVersionReply deleted = kv.del(key("t"));
        assertEquals("2", deleted.getVal(), "del answers what was latest");
        assertEquals(v2, deleted.getVer());
        assertEquals("t=", show(kv.get(key("t"))));
        assertEquals("", kv.get(key("t", v2)).getVal(), "every version went with the delete");
        assertEquals("t=", show(kv.del(key("t"))), "deleting an absent key answers empty");

        PutReply again = put("t", "3");
        assertEquals("", again.getOldVal(), "a put after a delete has no previous value");
        assertEquals(0, again.getOldVer());
        assertTrue(again.getVer() > v2);
        assertEquals("3", kv.get(key("t")).getVal());
        assertEquals("none=", show(kv.trim(key("none"))));
    }

    @Test
    void rangesIncludeBothEndsInKeyOrderAndAnInvertedRangeIsEmpty() throws Exception {
        for (String k : List.of("r1", "r2", "r3", "r4", "s1")) {
            put(k, "old-" + k);
        }
        long before = kv.get(key("s1")).getVer(); // every first version is at or before it
        put("r2", "new-r2");
        List<String> all = stream(KeyRange.newBuilder().setFr(key("r1")).setTo(key("r4")).build());
        assertEquals(List.of("r1=old-r1", "r2=new-r2", "r3=old-r3", "r4=old-r4"), all);
        List<String> asOf = stream(KeyRange.newBuilder().setFr(key("r2", before)).setTo(key("r3")).build());
        assertEquals(List.of("r2=old-r2", "r3=old-r3"), asOf, "each key at the greater of the two versions");
        assertEquals(List.of(), stream(KeyRange.newBuilder().setFr(key("r4")).setTo(key("r1")).build()), "end before start: empty");

        List<String> deleted = new java.util.ArrayList<>();
        async.withDeadlineAfter(30, TimeUnit.SECONDS).delRange(KeyRange.newBuilder().setFr(key("r2")).setTo(key("r3")).build(),
                collector(deleted));
        await().atMost(Duration.ofSeconds(30)).until(() -> deleted.contains("done"));
        assertEquals(List.of("r2=new-r2", "r3=old-r3", "done"), deleted);
        assertEquals(List.of("r1=old-r1", "r4=old-r4"), stream(KeyRange.newBuilder().setFr(key("r1")).setTo(key("r4")).build()));
    }

    @Test
    void streamsAnswerEveryKeyInOrderAMissingOneEmpty() throws Exception {
        var puts = SeedApiNodes.stream(async::putAll, List.of(
                KeyValueRequest.newBuilder().setKey("p").setVal("1").build(),
                KeyValueRequest.newBuilder().setKey("p").setVal("2").build(),
                KeyValueRequest.newBuilder().setKey("q").setVal("3").build()));
        assertEquals(Status.Code.OK, puts.end().getCode());
        assertEquals(List.of("", "1", ""), puts.answers().stream().map(PutReply::getOldVal).toList(), "in order, one after another");
        var gets = SeedApiNodes.stream(async::getAll, List.of(key("p"), key("nothing"), key("q")));
        assertEquals(List.of("p=2@v", "nothing=", "q=3@v"), gets.answers().stream().map(ProjectKeyValueStoreTest::show).toList());
        var dels = SeedApiNodes.stream(async::delAll, List.of(key("p"), key("nothing"), key("q")));
        assertEquals(List.of("p=2@v", "nothing=", "q=3@v"), dels.answers().stream().map(ProjectKeyValueStoreTest::show).toList());
        assertEquals("p=", show(kv.get(key("p"))));
    }

    @Test
    void anEmptyOrOversizeKeyIsRefusedAndTheNodeCarriesOn() throws Exception {
        StatusRuntimeException empty = assertThrows(StatusRuntimeException.class, () -> put("", "x"));
        assertEquals(Status.Code.INVALID_ARGUMENT, empty.getStatus().getCode());
        StatusRuntimeException big = assertThrows(StatusRuntimeException.class, () -> put("k".repeat(2000), "x"));
        assertEquals(Status.Code.INVALID_ARGUMENT, big.getStatus().getCode());
        assertTrue(big.getStatus().getDescription().contains("1024"), big.getStatus().getDescription());
        StatusRuntimeException huge = assertThrows(StatusRuntimeException.class, () -> put("k", "v".repeat(1024 * 1024 + 1)));
        assertEquals(Status.Code.INVALID_ARGUMENT, huge.getStatus().getCode());
        assertTrue(huge.getStatus().getDescription().contains("1048576"), huge.getStatus().getDescription());
        assertEquals("k=", show(kv.get(key("k"))), "nothing of the refused put was written");
        var stream = SeedApiNodes.stream(async::putAll,
                List.of(KeyValueRequest.newBuilder().setKey("ok").setVal("1").build(), KeyValueRequest.newBuilder().setKey("").build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, stream.end().getCode());
        assertTrue(stream.end().getDescription().startsWith("PutAll request #2"), stream.end().getDescription());
        assertEquals(1, stream.answers().size());
        assertEquals("ok=1@v", show(kv.get(key("ok"))), "the request before the bad one was applied");
    }

    @Test
    void aStreamCancelledMidwayKeepsWhatItAcknowledgedAndTheNodeCarriesOn() throws Exception {
        List<PutReply> answers = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CompletableFuture<Status> end = new java.util.concurrent.CompletableFuture<>();
        var call = (io.grpc.stub.ClientCallStreamObserver<KeyValueRequest>) async.putAll(new io.grpc.stub.StreamObserver<>() {
            @Override
            public void onNext(PutReply r) {
                answers.add(r);
            }

            @Override
            public void onError(Throwable t) {
                end.complete(Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
                end.complete(Status.OK);
            }
        });
        call.onNext(KeyValueRequest.newBuilder().setKey("c1").setVal("one").build());
        call.onNext(KeyValueRequest.newBuilder().setKey("c2").setVal("two").build());
        await().atMost(Duration.ofSeconds(30)).until(() -> answers.size() == 2);
        call.cancel("the client went away", null);
        assertEquals(Status.Code.CANCELLED, end.get(30, TimeUnit.SECONDS).getCode());
        assertEquals(answers.get(0).getVer(), kv.get(key("c1")).getVer(), "an acknowledged put stays");
        assertEquals(answers.get(1).getVer(), kv.get(key("c2")).getVer());
        var early = SeedApiNodes.stream(async::getAll, List.of(key("c1")));
        assertEquals(Status.Code.OK, early.end().getCode(), "a stream that ends after one request is answered and closed");
        assertEquals(List.of("c1=one@v"), early.answers().stream().map(ProjectKeyValueStoreTest::show).toList());
    }

    @Test
    void aKeyThatIsNotUtf8IsRefusedAsInvalidArgument() {
        // KeyRequest's field 1 is a string: send it bytes that are not UTF-8, as a foreign client could.
        byte[] request = {0x0a, 0x02, (byte) 0xc3, 0x28};
        MethodDescriptor.Marshaller<byte[]> raw = new MethodDescriptor.Marshaller<>() {
            @Override
            public java.io.InputStream stream(byte[] value) {
                return new java.io.ByteArrayInputStream(value);
            }

            @Override
            public byte[] parse(java.io.InputStream stream) {
                try {
                    return stream.readAllBytes();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
        MethodDescriptor<byte[], byte[]> get = KeyValueStoreGrpc.getGetMethod().toBuilder(raw, raw).build();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> ClientCalls.blockingUnaryCall(kv.getChannel(), get, io.grpc.CallOptions.DEFAULT, request));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.getStatus().toString());
        assertTrue(e.getStatus().getDescription().contains("UTF-8"), e.getStatus().getDescription());
        assertEquals("k=", show(kv.get(key("k"))), "the node carries on");
    }

    @Test
    void aPutOnOneNodeIsReadOnTheOtherWithTheSameVersion() throws Exception {
        EmbeddedBroker broker = EmbeddedBroker.start(0, null);
        nodes.add(broker::close);
        var n1 = KeyValueStoreGrpc.newBlockingStub(nodes.start("b1", broker.url())).withDeadlineAfter(30, TimeUnit.SECONDS);
        var n2 = KeyValueStoreGrpc.newBlockingStub(nodes.start("b2", broker.url())).withDeadlineAfter(30, TimeUnit.SECONDS);
        long v1 = n1.put(KeyValueRequest.newBuilder().setKey("shared").setVal("one").build()).getVer();
        long v2 = n1.put(KeyValueRequest.newBuilder().setKey("shared").setVal("two").build()).getVer();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(v2, n2.get(key("shared")).getVer()));
        assertEquals("one", n2.get(key("shared", v1)).getVal(), "the earlier version, by the same number, on the other node");
        n2.del(key("shared"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals("", n1.get(key("shared", v1)).getVal()));
    }

    private List<String> stream(KeyRange range) {
        List<String> out = new java.util.ArrayList<>();
        kv.getRange(range).forEachRemaining(r -> out.add(r.getKey() + "=" + r.getVal()));
        return out;
    }

    private static io.grpc.stub.StreamObserver<KeyValueVersionReply> collector(List<String> into) {
        return new io.grpc.stub.StreamObserver<>() {
            @Override
            public void onNext(KeyValueVersionReply r) {
                into.add(r.getKey() + "=" + r.getVal());
            }

            @Override
            public void onError(Throwable t) {
                into.add("error " + t);
            }

            @Override
            public void onCompleted() {
                into.add("done");
            }
        };
    }
}
