package io.vkv.node.server;

import com.google.protobuf.ByteString;
import io.vkv.node.coordinator.KeyValueStore;
import io.vkv.node.version.History;
import io.vkv.node.version.KeyState;
import io.vkv.node.version.VersionVector;
import io.vkv.proto.v1.DeleteResponse;
import io.vkv.proto.v1.Dot;
import io.vkv.proto.v1.GetResponse;
import io.vkv.proto.v1.HistoryResponse;
import io.vkv.proto.v1.PutResponse;
import io.vkv.proto.v1.Sibling;
import io.vkv.proto.v1.TrimResponse;

/** Builds API responses from key states, signing every context it hands out. */
public final class ResponseEncoder {

    private final ContextTokens tokens;

    public ResponseEncoder(ContextTokens tokens) {
        this.tokens = tokens;
    }

    /** The read view of {@code state}: every sibling (tombstones flagged) with its dot, and a context token with its clock. */
    public GetResponse get(byte[] key, KeyState state) {
        VersionVector context = state.context();
        GetResponse.Builder b = GetResponse.newBuilder()
                .setKey(ByteString.copyFrom(key))
                .setFound(!state.isDeleted())
                .setContext(tokens.issue(key, context));
        for (int i = 0; i < context.size(); i++) {
            b.putContextClock(context.actorAt(i).toString(), context.counterAt(i));
        }
        for (io.vkv.node.version.Sibling s : state.siblings()) {
            b.addSiblings(sibling(s));
        }
        return b.build();
    }

    /** The read of {@code key} as of version {@code at}: the one version in force then, if any, and no context. */
    public GetResponse getAt(byte[] key, KeyState state, long at) {
        GetResponse.Builder b = GetResponse.newBuilder().setKey(ByteString.copyFrom(key));
        state.at(at).ifPresent(v -> b.setFound(!v.isTombstone()).addSiblings(version(v, state)));
        return b.build();
    }

    /** Every version of {@code state}, oldest first, and the floor under which versions are gone. */
    public HistoryResponse history(byte[] key, KeyState state) {
        HistoryResponse.Builder b = HistoryResponse.newBuilder().setKey(ByteString.copyFrom(key)).setFloor(state.history().floor().number());
        for (History.Version v : state.versions()) {
            b.addVersions(version(v, state));
        }
        return b.build();
    }

    /** The answer to a trim: the version kept and how many superseded versions went here. */
    public TrimResponse trim(byte[] key, KeyState before, KeyState after) {
        TrimResponse.Builder b = TrimResponse.newBuilder().setKey(ByteString.copyFrom(key))
                .setDropped(Math.max(0, before.history().versions().size() - after.history().versions().size()));
        io.vkv.node.version.Sibling latest = after.latest();
        if (latest != null) {
            b.setKept(sibling(latest));
        }
        return b.build();
    }

    /** A version as the API shows it: with its clock when it is a live sibling of {@code state}. */
    private static Sibling version(History.Version v, KeyState state) {
        for (io.vkv.node.version.Sibling s : state.siblings()) {
            if (s.dot().equals(v.dot())) {
                return sibling(s);
            }
        }
        Sibling.Builder sb = Sibling.newBuilder().setHlc(v.hlc()).setDeleted(v.isTombstone()).setDot(dot(v.dot())).setVersion(v.number());
        if (!v.isTombstone()) {
            sb.setValue(ByteString.copyFrom(v.value()));
        }
        return sb.build();
    }

    private static Sibling sibling(io.vkv.node.version.Sibling s) {
        Sibling.Builder sb = Sibling.newBuilder().setHlc(s.hlc()).setDeleted(s.isTombstone()).setDot(dot(s.dot())).setVersion(s.number());
        if (!s.isTombstone()) {
            sb.setValue(ByteString.copyFrom(s.value()));
        }
        VersionVector clock = s.clock();
        for (int i = 0; i < clock.size(); i++) {
            sb.putClock(clock.actorAt(i).toString(), clock.counterAt(i));
        }
        return sb.build();
    }

    /** The answer to a put: the new context, how many siblings remain and the write's dot. */
    public PutResponse put(byte[] key, KeyValueStore.WriteResult result) {
        return PutResponse.newBuilder()
                .setKey(ByteString.copyFrom(key))
                .setContext(tokens.issue(key, result.context()))
                .setSiblingCount(result.state().siblingCount())
                .setDot(dot(result.dot()))
                .setVersion(number(result))
                .build();
    }

    /** The answer to a delete: the new context, how many siblings (tombstones included) remain and the tombstone's dot. */
    public DeleteResponse delete(byte[] key, KeyValueStore.WriteResult result) {
        return DeleteResponse.newBuilder()
                .setKey(ByteString.copyFrom(key))
                .setContext(tokens.issue(key, result.context()))
                .setSiblingCount(result.state().siblingCount())
                .setDot(dot(result.dot()))
                .setVersion(number(result))
                .build();
    }

    /** The version number of the write {@code result} names. */
    private static long number(KeyValueStore.WriteResult result) {
        for (io.vkv.node.version.Sibling s : result.state().siblings()) {
            if (s.dot().equals(result.dot())) {
                return s.number();
            }
        }
        return 0; // obsolete on arrival: its context already covered it
    }

    private static Dot dot(io.vkv.node.version.Dot d) {
        return Dot.newBuilder().setActor(d.actor().toString()).setCounter(d.counter()).build();
    }
}
