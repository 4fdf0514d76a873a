package io.vkv.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.vkv.node.testing.RunningNode;
import io.vkv.proto.v1.DeleteRequest;
import io.vkv.proto.v1.GetResponse;
import io.vkv.proto.v1.KeyValueGrpc;
import io.vkv.proto.v1.PutRequest;
import io.vkv.proto.v1.ScanRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scan over real gRPC: key order, deleted keys skipped, limits, ranges, and clients that vanish. */
class ScanTest {

    @TempDir
    static Path dir;
    static RunningNode node;
    static KeyValueGrpc.KeyValueBlockingStub kv;

    @BeforeAll
    static void start() throws Exception {
        node = RunningNode.start(dir);
        kv = node.kv();
        for (String k : List.of("s/e", "s/b", "s/d", "s/a", "t/1")) {
            put(k, "value of " + k);
        }
        delete("s/c", put("s/c", "value of s/c"));
        for (int i = 0; i < 1100; i++) {
            put(String.format("many/%05d", i), "x".repeat(2000));
        }
        // 300 deleted keys in a row: more than a page the scan reads at a time
        for (int i = 0; i < 400; i++) {
            ByteString context = put(String.format("holes/%05d", i), "x");
            if (i >= 50 && i < 350) {
                delete(String.format("holes/%05d", i), context);
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    static ByteString b(String s) {
        return ByteString.copyFromUtf8(s);
    }

    static ByteString put(String key, String value) {
        return kv.put(PutRequest.newBuilder().setKey(b(key)).setValue(b(value)).build()).getContext();
    }

    static void delete(String key, ByteString context) {
        kv.delete(DeleteRequest.newBuilder().setKey(b(key)).setContext(context).build());
    }

    static List<String> scan(String from, String to, int limit) {
        List<String> keys = new ArrayList<>();
        kv.scan(ScanRequest.newBuilder().setFrom(b(from)).setTo(b(to)).setLimit(limit).build())
                .forEachRemaining(r -> keys.add(r.getKey().toStringUtf8()));
        return keys;
    }

    @Test
    void keysComeInKeyOrderWithDeletedKeysSkipped() {
        assertEquals(List.of("s/a", "s/b", "s/d", "s/e"), scan("s/", "s0", 0));
    }

    @Test
    void eachKeyComesWithItsValuesAndAContextForTheNextWrite() {
        List<GetResponse> rows = new ArrayList<>();
        kv.scan(ScanRequest.newBuilder().setFrom(b("s/a")).setTo(b("s/b")).build()).forEachRemaining(rows::add);
        assertEquals(1, rows.size());
        assertEquals(b("value of s/a"), rows.get(0).getSiblings(0).getValue());
        int siblings = kv.put(PutRequest.newBuilder().setKey(b("s/a")).setValue(b("new"))
                .setContext(rows.get(0).getContext()).build()).getSiblingCount();
        assertEquals(1, siblings);
    }

    @Test
    void theLimitCountsLiveKeys() {
        assertEquals(List.of("s/a", "s/b", "s/d"), scan("s/", "s0", 3));
        assertEquals(List.of("holes/00000", "holes/00001"), scan("holes/", "holes0", 2));
    }

    @Test
    void theDefaultLimitIsAThousand() {
        List<String> keys = scan("many/", "many0", 0);
        assertEquals(1000, keys.size());
        assertEquals("many/00000", keys.get(0));
        assertEquals("many/00999", keys.get(999));
    }

    @Test
    void aRunOfDeletedKeysLongerThanAPageIsSkipped() {
        List<String> keys = scan("holes/", "holes0", 0);
        assertEquals(100, keys.size());
        assertEquals("holes/00049", keys.get(49));
        assertEquals("holes/00350", keys.get(50));
    }

    @Test
    void boundsAreInclusiveFromAndExclusiveToAndEmptyMeansOpen() {
        assertEquals(List.of("s/b", "s/d"), scan("s/b", "s/e", 0));
        assertEquals(List.of("t/1"), scan("t/", "", 0));
        assertEquals("holes/00000", scan("", "", 1).get(0));
        assertEquals(List.of(), scan("s/b", "s/b", 0));
    }

    @Test
    void aBackwardsRangeIsRefused() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> scan("s/z", "s/a", 0));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals("scan range is backwards: from 's/z' comes after to 's/a'", e.getStatus().getDescription());
    }

    @Test
    void aClientThatCancelsMidScanDoesNotHurtTheNode() throws Exception {
        for (int round = 0; round < 5; round++) {
            CancelAfter<ScanRequest, GetResponse> client = new CancelAfter<>(3);
            node.async().scan(ScanRequest.newBuilder().setFrom(b("many/")).setTo(b("many0")).build(), client);
            int received = client.awaitEnd();
            assertTrue(received >= 3 && received < 1000, "received " + received);
        }
        assertEquals(1000, scan("many/", "many0", 0).size());
    }
}
