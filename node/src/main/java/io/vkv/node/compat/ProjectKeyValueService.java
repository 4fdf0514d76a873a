package io.vkv.node.compat;

import br.ufu.facom.gbc074.project.KeyRange;
import br.ufu.facom.gbc074.project.KeyRequest;
import br.ufu.facom.gbc074.project.KeyValueRequest;
import br.ufu.facom.gbc074.project.KeyValueStoreGrpc;
import br.ufu.facom.gbc074.project.KeyValueVersionReply;
import br.ufu.facom.gbc074.project.PutReply;
import com.google.protobuf.ByteString;
import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import io.vkv.node.server.OrderedBatchStream;
import io.vkv.node.server.UnaryAnswer;
import io.vkv.proto.v1.Sibling;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The multi-version store's {@code project.KeyValueStore}, served unchanged over vkv: versions are vkv's version
 * numbers (hybrid-clock milliseconds), "latest" is the live sibling with the greatest number, a put writes over what
 * the node holds (its merged context), a delete erases every version. Every call goes through the node's own vkv.v1
 * service, so it is routed, forwarded and replicated as any client's request (docs/compatibility.md).
 */
public final class ProjectKeyValueService extends KeyValueStoreGrpc.KeyValueStoreImplBase {

    /** Reads of a GetAll stream in flight at once; writes of PutAll and DelAll go one at a time, in order. */
    private static final int READ_WINDOW = 16;

    private final LocalApi api;
    private final KeyRanges ranges;

    /** The service over the node's vkv.v1 service reached through {@code local}. */
    public ProjectKeyValueService(Channel local) {
        this.api = new LocalApi(local);
        this.ranges = new KeyRanges(api);
    }

    @Override
    public void get(KeyRequest request, StreamObserver<KeyValueVersionReply> out) {
        UnaryAnswer.answer("Get", out, this::read, request);
    }

    @Override
    public void put(KeyValueRequest request, StreamObserver<PutReply> out) {
        UnaryAnswer.answer("Put", out, this::write, request);
    }

    @Override
    public void del(KeyRequest request, StreamObserver<KeyValueVersionReply> out) {
        UnaryAnswer.answer("Del", out, r -> erase(r.getKey()), request);
    }

    @Override
    public void trim(KeyRequest request, StreamObserver<KeyValueVersionReply> out) {
        UnaryAnswer.answer("Trim", out, r -> api.trim(utf8(r.getKey()))
                .thenApply(t -> reply(r.getKey(), t.hasKept() ? Optional.of(t.getKept()) : Optional.empty())), request);
    }

    @Override
    public StreamObserver<KeyRequest> getAll(StreamObserver<KeyValueVersionReply> out) {
        return OrderedBatchStream.start("GetAll", out, READ_WINDOW, this::read);
    }

    @Override
    public StreamObserver<KeyValueRequest> putAll(StreamObserver<PutReply> out) {
        return OrderedBatchStream.start("PutAll", out, 1, this::write);
    }

    @Override
    public StreamObserver<KeyRequest> delAll(StreamObserver<KeyValueVersionReply> out) {
        return OrderedBatchStream.start("DelAll", out, 1, r -> erase(r.getKey()));
    }

    @Override
    public void getRange(KeyRange request, StreamObserver<KeyValueVersionReply> out) {
        long at = Math.max(version(request.getFr()), version(request.getTo()));
        ranges.each(request.getFr().getKey(), request.getTo().getKey(), out, "GetRange", state -> {
            String key = state.getKey().toStringUtf8();
            if (at == 0) {
                return CompletableFuture.completedFuture(reply(key, LocalApi.latest(state)));
            }
            return api.get(state.getKey(), at).thenApply(r -> reply(key, r.getSiblingsList().stream().findFirst()));
        });
    }

    @Override
    public void delRange(KeyRange request, StreamObserver<KeyValueVersionReply> out) {
        ranges.each(request.getFr().getKey(), request.getTo().getKey(), out, "DelRange", state -> erase(state.getKey().toStringUtf8()));
    }

    /** Get: the latest version, or with a version above 0, the one in force then (empty value when none). */
    private CompletableFuture<KeyValueVersionReply> read(KeyRequest request) {
        long at = version(request);
        return api.get(utf8(request.getKey()), at).thenApply(r -> reply(request.getKey(),
                at == 0 ? LocalApi.latest(r) : r.getSiblingsList().stream().findFirst()));
    }

    /** Put: over everything the node holds for the key; answers the previous latest and the new version. */
    private CompletableFuture<PutReply> write(KeyValueRequest request) {
        ByteString key = utf8(request.getKey());
        return api.get(key, 0).thenCompose(current -> api.put(key, utf8(request.getVal()), current.getContext()).thenApply(put -> {
            KeyValueVersionReply old = reply(request.getKey(), LocalApi.latest(current));
            return PutReply.newBuilder().setKey(request.getKey()).setOldVal(old.getVal()).setOldVer(old.getVer())
                    .setVer(put.getVersion()).build();
        }));
    }

    /** Del: erases every version of the key; answers what was latest (an absent key is left unwritten). */
    private CompletableFuture<KeyValueVersionReply> erase(String keyText) {
        ByteString key = utf8(keyText);
        return api.get(key, 0).thenCompose(current -> {
            KeyValueVersionReply old = reply(keyText, LocalApi.latest(current));
            if (current.getSiblingsCount() == 0) {
                return CompletableFuture.completedFuture(old);
            }
            return api.erase(key, current.getContext()).thenApply(d -> old);
        });
    }

    /** A version ≤ 0 or absent means the latest (0 to vkv.v1). */
    private static long version(KeyRequest r) {
        return r.hasVer() && r.getVer() > 0 ? r.getVer() : 0;
    }

    /** The reply for {@code key} holding {@code version}: empty value and version 0 when absent or deleted. */
    static KeyValueVersionReply reply(String key, Optional<Sibling> version) {
        KeyValueVersionReply.Builder b = KeyValueVersionReply.newBuilder().setKey(key);
        version.filter(s -> !s.getDeleted()).ifPresent(s -> b.setVal(s.getValue().toStringUtf8()).setVer(s.getVersion()));
        return b.build();
    }

    private static ByteString utf8(String s) {
        return ByteString.copyFromUtf8(s);
    }
}
