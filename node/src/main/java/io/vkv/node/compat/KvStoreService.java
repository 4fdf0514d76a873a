package io.vkv.node.compat;

import com.google.protobuf.ByteString;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.vkv.node.server.ErrorStatus;
import io.vkv.proto.v1.Sibling;
import java.util.HashMap;
import java.util.Map;
import kvstore.Kvstore.GetRequest;
import kvstore.Kvstore.GetResponse;
import kvstore.Kvstore.PutRequest;
import kvstore.Kvstore.PutResponse;
import kvstore.Kvstore.VectorClock;
import kvstore.Kvstore.VectorClockEntry;
import kvstore.Kvstore.Version;
import kvstore.KvStoreGrpc;

/**
 * The vector-clock store's {@code kvstore.KvStore}, served unchanged over vkv: a put writes over every version the
 * node holds, a get returns every live version with its clock, time and writer; concurrent puts come back as several
 * versions. Failures are answered in the messages' own fields ({@code success}, {@code error_message}), as that API
 * defines. Every call goes through the node's own vkv.v1 service (docs/compatibility.md).
 */
public final class KvStoreService extends KvStoreGrpc.KvStoreImplBase {

    private final LocalApi api;

    /** The service over the node's vkv.v1 service reached through {@code local}. */
    public KvStoreService(Channel local) {
        this.api = new LocalApi(local);
    }

    @Override
    public void put(PutRequest request, StreamObserver<PutResponse> out) {
        ByteString key = ByteString.copyFromUtf8(request.getKey());
        api.get(key, 0)
                .thenCompose(current -> api.put(key, ByteString.copyFromUtf8(request.getValue()), current.getContext()))
                .whenComplete((put, failure) -> {
                    out.onNext(failure == null ? PutResponse.newBuilder().setSuccess(true).build()
                            : PutResponse.newBuilder().setSuccess(false).setErrorMessage(message("Put", failure)).build());
                    out.onCompleted();
                });
    }

    @Override
    public void get(GetRequest request, StreamObserver<GetResponse> out) {
        api.get(ByteString.copyFromUtf8(request.getKey()), 0).whenComplete((r, failure) -> {
            GetResponse.Builder b = GetResponse.newBuilder();
            if (failure != null) {
                b.setErrorMessage(message("Get", failure));
            } else {
                for (Sibling s : r.getSiblingsList()) {
                    if (!s.getDeleted()) {
                        b.addVersions(version(s));
                    }
                }
            }
            out.onNext(b.build());
            out.onCompleted();
        });
    }

    /**
     * One live sibling as that API's Version: its clock by node id (the full actor, nodeId@incarnation, only where one
     * node appears under several incarnations), its time in nanoseconds (hybrid milliseconds, the logical counter in
     * the nanoseconds so that order is kept) and the node that wrote it.
     */
    static Version version(Sibling s) {
        Map<String, Integer> incarnations = new HashMap<>();
        s.getClockMap().keySet().forEach(actor -> incarnations.merge(nodeOf(actor), 1, Integer::sum));
        VectorClock.Builder clock = VectorClock.newBuilder();
        s.getClockMap().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> clock.addEntries(VectorClockEntry.newBuilder()
                .setNodeId(incarnations.get(nodeOf(e.getKey())) == 1 ? nodeOf(e.getKey()) : e.getKey()).setCounter(e.getValue())));
        long millis = s.getHlc() >>> 16;
        long logical = s.getHlc() & 0xFFFF;
        return Version.newBuilder().setValue(s.getValue().toStringUtf8()).setVectorClock(clock)
                .setTimestamp(millis * 1_000_000 + logical).setWriterNodeId(nodeOf(s.getDot().getActor())).build();
    }

    private static String nodeOf(String actor) {
        int at = actor.indexOf('@');
        return at < 0 ? actor : actor.substring(0, at);
    }

    private static String message(String method, Throwable failure) {
        Status s = ErrorStatus.of(method, failure).getStatus();
        return s.getCode() + ": " + s.getDescription();
    }
}
