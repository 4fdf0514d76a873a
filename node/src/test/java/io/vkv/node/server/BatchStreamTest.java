package io.vkv.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.vkv.node.testing.RunningNode;
import io.vkv.proto.v1.DeleteRequest;
import io.vkv.proto.v1.DeleteResponse;
import io.vkv.proto.v1.GetRequest;
import io.vkv.proto.v1.GetResponse;
import io.vkv.proto.v1.PutRequest;
import io.vkv.proto.v1.PutResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GetMany, PutMany and DeleteMany over real gRPC: ordered answers, refusals mid-stream, clients that vanish. */
class BatchStreamTest {

    @TempDir
    static Path dir;
    static RunningNode node;

    @BeforeAll
    static void start() throws Exception {
        node = RunningNode.start(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    static ByteString b(String s) {
        return ByteString.copyFromUtf8(s);
    }

    static PutRequest put(String key, String value) {
        return PutRequest.newBuilder().setKey(b(key)).setValue(b(value)).build();
    }

    static GetRequest get(String key) {
        return GetRequest.newBuilder().setKey(b(key)).build();
    }

    static List<PutResponse> putAll(List<PutRequest> requests) throws Exception {
        StreamRecorder<PutResponse> rec = new StreamRecorder<>();
        StreamObserver<PutRequest> in = node.async().putMany(rec);
        requests.forEach(in::onNext);
        in.onCompleted();
        assertEquals(Status.Code.OK, rec.awaitEnd().getCode());
        return rec.received;
    }

    @Test
    void putManyAnswersEveryRequestInRequestOrder() throws Exception {
        List<PutRequest> requests = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            requests.add(put("bulk/" + (i * 7919 % 2000), "v" + i));
        }
        List<PutResponse> responses = putAll(requests);
        assertEquals(requests.size(), responses.size());
        for (int i = 0; i < requests.size(); i++) {
            assertEquals(requests.get(i).getKey(), responses.get(i).getKey(), "response " + i);
            assertEquals(1, responses.get(i).getSiblingCount());
        }
        assertEquals(b("v1999"), node.kv().get(get("bulk/" + (1999 * 7919 % 2000))).getSiblings(0).getValue());
    }

    @Test
    void writesToOneKeyInOneStreamApplyInOrder() throws Exception {
        List<PutResponse> r = putAll(List.of(put("same", "a"), put("same", "b")));
        assertEquals(List.of(1, 2), r.stream().map(PutResponse::getSiblingCount).toList());
        PutResponse resolved = putAll(List.of(put("same", "c").toBuilder().setContext(r.get(1).getContext()).build())).get(0);
        assertEquals(1, resolved.getSiblingCount());
    }

    @Test
    void getManyAnswersInOrderIncludingKeysNotFound() throws Exception {
        putAll(List.of(put("gm/1", "one"), put("gm/3", "three")));
        StreamRecorder<GetResponse> rec = new StreamRecorder<>();
        StreamObserver<GetRequest> in = node.async().getMany(rec);
        for (String k : List.of("gm/3", "gm/2", "gm/1")) {
            in.onNext(get(k));
        }
        in.onCompleted();
        assertEquals(Status.Code.OK, rec.awaitEnd().getCode());
        assertEquals(List.of(b("gm/3"), b("gm/2"), b("gm/1")), rec.received.stream().map(GetResponse::getKey).toList());
        assertEquals(List.of(true, false, true), rec.received.stream().map(GetResponse::getFound).toList());
        assertEquals(b("three"), rec.received.get(0).getSiblings(0).getValue());
    }

    @Test
    void deleteManyDeletesInOrderWithTheContextsGiven() throws Exception {
        List<PutResponse> written = putAll(List.of(put("dm/1", "x"), put("dm/2", "y")));
        StreamRecorder<DeleteResponse> rec = new StreamRecorder<>();
        StreamObserver<DeleteRequest> in = node.async().deleteMany(rec);
        in.onNext(DeleteRequest.newBuilder().setKey(b("dm/2")).setContext(written.get(1).getContext()).build());
        in.onNext(DeleteRequest.newBuilder().setKey(b("dm/1")).setContext(written.get(0).getContext()).build());
        in.onCompleted();
        assertEquals(Status.Code.OK, rec.awaitEnd().getCode());
        assertEquals(List.of(b("dm/2"), b("dm/1")), rec.received.stream().map(DeleteResponse::getKey).toList());
        assertFalse(node.kv().get(get("dm/1")).getFound());
        assertFalse(node.kv().get(get("dm/2")).getFound());
    }

    @Test
    void aRefusedRequestEndsTheStreamNamingItsPositionAfterTheEarlierAnswers() throws Exception {
        StreamRecorder<PutResponse> rec = new StreamRecorder<>();
        StreamObserver<PutRequest> in = node.async().putMany(rec);
        in.onNext(put("ref/1", "a"));
        in.onNext(put("ref/2", "b"));
        in.onNext(put("k".repeat(2000), "c"));
        in.onNext(put("ref/4", "d"));
        in.onCompleted();
        Status end = rec.awaitEnd();
        assertEquals(Status.Code.INVALID_ARGUMENT, end.getCode());
        assertEquals("PutMany request #3: key is 2000 bytes; the limit is 1024 bytes", end.getDescription());
        assertEquals(List.of(b("ref/1"), b("ref/2")), rec.received.stream().map(PutResponse::getKey).toList());
        assertFalse(node.kv().get(get("ref/4")).getFound(), "requests after the refused one are not carried out");
    }

    @Test
    void aForgedContextInABatchIsRefusedAndChangesNothing() throws Exception {
        PutResponse first = putAll(List.of(put("fc", "orig"))).get(0);
        byte[] forged = first.getContext().toByteArray();
        forged[forged.length - 3] ^= 1;
        StreamRecorder<DeleteResponse> rec = new StreamRecorder<>();
        StreamObserver<DeleteRequest> in = node.async().deleteMany(rec);
        in.onNext(DeleteRequest.newBuilder().setKey(b("fc")).setContext(ByteString.copyFrom(forged)).build());
        in.onCompleted();
        Status end = rec.awaitEnd();
        assertEquals(Status.Code.INVALID_ARGUMENT, end.getCode());
        assertEquals("DeleteMany request #1: context token was not issued by this cluster (bad signature)", end.getDescription());
        GetResponse after = node.kv().get(get("fc"));
        assertTrue(after.getFound());
        assertEquals(1, after.getSiblingsCount());
    }

    @Test
    void anEmptyKeyInGetManyIsRefused() throws Exception {
        StreamRecorder<GetResponse> rec = new StreamRecorder<>();
        StreamObserver<GetRequest> in = node.async().getMany(rec);
        in.onNext(get("gm-ok"));
        in.onNext(get(""));
        in.onCompleted();
        Status end = rec.awaitEnd();
        assertEquals("GetMany request #2: key must not be empty", end.getDescription());
        assertEquals(Status.Code.INVALID_ARGUMENT, end.getCode());
        assertEquals(1, rec.received.size());
    }

    @Test
    void anEmptyStreamCompletesWithNoAnswers() throws Exception {
        assertEquals(List.of(), putAll(List.of()));
    }

    @Test
    void aClientThatCancelsMidStreamDoesNotHurtTheNode() throws Exception {
        for (int round = 0; round < 5; round++) {
            StreamRecorder<PutResponse> rec = new StreamRecorder<>();
            StreamObserver<PutRequest> in = node.async().putMany(rec);
            for (int i = 0; i < 300; i++) {
                in.onNext(put("cancel/" + round + "/" + i, "v".repeat(1000)));
            }
            in.onError(new RuntimeException("client gave up")); // cancels the call
            assertEquals(Status.Code.CANCELLED, rec.awaitEnd().getCode());
        }
        // The node still serves, streams and unary calls alike.
        List<PutResponse> after = putAll(List.of(put("after-cancel", "fine")));
        assertEquals(1, after.size());
        assertTrue(node.kv().get(get("after-cancel")).getFound());
    }
}
