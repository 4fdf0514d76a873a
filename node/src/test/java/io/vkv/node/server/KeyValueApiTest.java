package io.vkv.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.vkv.node.testing.CoordinatedStore;
import io.vkv.node.testing.RunningNode;
import io.vkv.proto.v1.DeleteRequest;
import io.vkv.proto.v1.DeleteResponse;
import io.vkv.proto.v1.GetRequest;
import io.vkv.proto.v1.GetResponse;
import io.vkv.proto.v1.KeyValueGrpc;
import io.vkv.proto.v1.PutRequest;
import io.vkv.proto.v1.PutResponse;
import io.vkv.proto.v1.Sibling;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Get, Put and Delete through a real Netty gRPC server over a real CoordinatedStore: contexts, siblings, limits. */
class KeyValueApiTest {

    @TempDir
    static Path dir;
    static RunningNode node;
    static KeyValueGrpc.KeyValueBlockingStub kv;

    @BeforeAll
    static void start() throws Exception {
        node = RunningNode.start(dir);
        kv = node.kv();
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    static ByteString b(String s) {
        return ByteString.copyFromUtf8(s);
    }

    static GetResponse get(String key) {
        return kv.get(GetRequest.newBuilder().setKey(b(key)).build());
    }

    static PutResponse put(String key, String value, ByteString context) {
        return kv.put(PutRequest.newBuilder().setKey(b(key)).setValue(b(value)).setContext(context).build());
    }

    static Set<String> values(GetResponse r) {
        return r.getSiblingsList().stream().filter(s -> !s.getDeleted()).map(s -> s.getValue().toStringUtf8())
                .collect(Collectors.toSet());
    }

    static StatusRuntimeException refused(Status.Code code, org.junit.jupiter.api.function.Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, e.getStatus().getCode(), e.getStatus().toString());
        return e;
    }

    @Test
    void aKeyNeverWrittenIsNotFoundWithAnEmptyContext() {
        GetResponse r = get("never-written");
        assertFalse(r.getFound());
        assertEquals(0, r.getSiblingsCount());
        assertTrue(r.getContext().isEmpty());
        assertEquals(b("never-written"), r.getKey());
    }

    @Test
    void aPutIsReadBackWithItsClock() {
        PutResponse p = put("plain", "v1", ByteString.EMPTY);
        assertEquals(1, p.getSiblingCount());
        assertFalse(p.getContext().isEmpty());
        GetResponse r = get("plain");
        assertTrue(r.getFound());
        assertEquals(Set.of("v1"), values(r));
        Sibling s = r.getSiblings(0);
        String actor = node.node.store().actor().toString();
        assertEquals(Set.of(actor), s.getClockMap().keySet());
        assertTrue(s.getHlc() != 0);
        assertEquals(p.getContext(), r.getContext());
    }

    @Test
    void twoPutsWithTheSameContextBecomeSiblingsAndAPutWithTheReadContextResolvesThem() {
        ByteString ctx = put("sib", "base", ByteString.EMPTY).getContext();
        PutResponse a = put("sib", "from-a", ctx);
        PutResponse c = put("sib", "from-c", ctx);
        assertEquals(1, a.getSiblingCount());
        assertEquals(2, c.getSiblingCount());
        GetResponse read = get("sib");
        assertEquals(Set.of("from-a", "from-c"), values(read));
        assertEquals(2, read.getSiblingsCount());
        assertNotEquals(read.getSiblings(0).getClockMap(), read.getSiblings(1).getClockMap());

        PutResponse resolved = put("sib", "merged", read.getContext());
        assertEquals(1, resolved.getSiblingCount());
        assertEquals(Set.of("merged"), values(get("sib")));
    }

    @Test
    void aBlindPutBesideAnExistingValueKeepsBoth() {
        put("blind", "one", ByteString.EMPTY);
        put("blind", "two", ByteString.EMPTY);
        assertEquals(Set.of("one", "two"), values(get("blind")));
    }

    @Test
    void aDeleteWithTheReadContextMakesTheKeyNotFoundButKeepsAContext() {
        put("gone", "v", ByteString.EMPTY);
        DeleteResponse d = kv.delete(DeleteRequest.newBuilder().setKey(b("gone")).setContext(get("gone").getContext()).build());
        assertEquals(1, d.getSiblingCount());
        GetResponse r = get("gone");
        assertFalse(r.getFound());
        assertFalse(r.getContext().isEmpty());
        assertTrue(r.getSiblings(0).getDeleted());
        assertTrue(r.getSiblings(0).getValue().isEmpty());
        // Writing with the tombstone's context replaces it: the key comes back with one value.
        assertEquals(1, put("gone", "back", r.getContext()).getSiblingCount());
        assertEquals(Set.of("back"), values(get("gone")));
    }

    @Test
    void aDeleteWithAStaleContextLeavesTheConcurrentValue() {
        ByteString ctx = put("race", "v1", ByteString.EMPTY).getContext();
        put("race", "v2", ctx);
        kv.delete(DeleteRequest.newBuilder().setKey(b("race")).setContext(ctx).build());
        GetResponse r = get("race");
        assertTrue(r.getFound());
        assertEquals(Set.of("v2"), values(r));
        assertEquals(2, r.getSiblingsCount()); // v2 and the tombstone are concurrent
    }

    @Test
    void forgedOtherKeyAndGarbageContextsAreRefusedAndChangeNothing() {
        ByteString ctx = put("guarded", "original", ByteString.EMPTY).getContext();
        GetResponse before = get("guarded");

        ByteString otherKey = put("elsewhere", "x", ByteString.EMPTY).getContext();
        StatusRuntimeException e1 = refused(Status.Code.INVALID_ARGUMENT, () -> put("guarded", "evil", otherKey));
        assertEquals("context token was issued for key 'elsewhere', not 'guarded'", e1.getStatus().getDescription());

        byte[] forged = ctx.toByteArray();
        forged[forged.length - 1] ^= 0x40;
        StatusRuntimeException e2 = refused(Status.Code.INVALID_ARGUMENT,
                () -> put("guarded", "evil", ByteString.copyFrom(forged)));
        assertEquals("context token was not issued by this cluster (bad signature)", e2.getStatus().getDescription());

        StatusRuntimeException e3 = refused(Status.Code.INVALID_ARGUMENT, () -> put("guarded", "evil", b("garbage!")));
        assertTrue(e3.getStatus().getDescription().startsWith("context token is malformed: "), e3.getStatus().getDescription());

        StatusRuntimeException e4 = refused(Status.Code.INVALID_ARGUMENT, () -> kv.delete(
                DeleteRequest.newBuilder().setKey(b("guarded")).setContext(otherKey).build()));
        assertEquals("context token was issued for key 'elsewhere', not 'guarded'", e4.getStatus().getDescription());

        assertEquals(before, get("guarded"));
        assertEquals(Set.of("original"), values(get("guarded")));
    }

    @Test
    void emptyKeysAreRefusedByEveryCall() {
        String msg = "key must not be empty";
        assertEquals(msg, refused(Status.Code.INVALID_ARGUMENT, () -> get("")).getStatus().getDescription());
        assertEquals(msg, refused(Status.Code.INVALID_ARGUMENT, () -> put("", "v", ByteString.EMPTY)).getStatus().getDescription());
        assertEquals(msg, refused(Status.Code.INVALID_ARGUMENT,
                () -> kv.delete(DeleteRequest.getDefaultInstance())).getStatus().getDescription());
    }

    @Test
    void oversizeKeysAndValuesAreRefusedWithTheLimit() {
        long before = node.node.store().keyCount();
        String bigKey = "k".repeat(1025);
        String msg = "key is 1025 bytes; the limit is 1024 bytes";
        assertEquals(msg, refused(Status.Code.INVALID_ARGUMENT, () -> get(bigKey)).getStatus().getDescription());
        assertEquals(msg, refused(Status.Code.INVALID_ARGUMENT, () -> put(bigKey, "v", ByteString.EMPTY)).getStatus().getDescription());
        assertEquals(msg, refused(Status.Code.INVALID_ARGUMENT, () -> kv.delete(
                DeleteRequest.newBuilder().setKey(b(bigKey)).build())).getStatus().getDescription());

        String bigValue = "v".repeat(1024 * 1024 + 1);
        assertEquals("value is 1048577 bytes; the limit is 1048576 bytes", refused(Status.Code.INVALID_ARGUMENT,
                () -> put("big", bigValue, ByteString.EMPTY)).getStatus().getDescription());
        assertFalse(get("big").getFound());
        assertEquals(before, node.node.store().keyCount());
    }

    @Test
    void keysAndValuesAtTheLimitsAreAccepted() {
        String key = "k".repeat(1024);
        String value = "v".repeat(1024 * 1024);
        assertEquals(1, put(key, value, ByteString.EMPTY).getSiblingCount());
        assertEquals(1024 * 1024, get(key).getSiblings(0).getValue().size());
        assertEquals(1, put("empty-value", "", ByteString.EMPTY).getSiblingCount());
        assertTrue(get("empty-value").getFound());
    }

    @Test
    void binaryKeysAndValuesRoundTrip() {
        ByteString key = ByteString.copyFrom(new byte[] {0, (byte) 0xff, 7});
        ByteString value = ByteString.copyFrom(new byte[] {(byte) 0x80, 0, 1});
        kv.put(PutRequest.newBuilder().setKey(key).setValue(value).build());
        GetResponse r = kv.get(GetRequest.newBuilder().setKey(key).build());
        assertEquals(List.of(value), r.getSiblingsList().stream().map(Sibling::getValue).toList());
    }
}
