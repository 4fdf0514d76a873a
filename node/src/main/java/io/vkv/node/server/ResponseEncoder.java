package io.vkv.node.server;

import com.google.protobuf.ByteString;
import io.vkv.node.coordinator.KeyValueStore;
import io.vkv.node.version.KeyState;
import io.vkv.node.version.VersionVector;
import io.vkv.proto.v1.DeleteResponse;
import io.vkv.proto.v1.Dot;
import io.vkv.proto.v1.GetResponse;
import io.vkv.proto.v1.PutResponse;
import io.vkv.proto.v1.Sibling;

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
            Sibling.Builder sb = Sibling.newBuilder().setHlc(s.hlc()).setDeleted(s.isTombstone()).setDot(dot(s.dot()));
            if (!s.isTombstone()) {
                sb.setValue(ByteString.copyFrom(s.value()));
            }
            VersionVector clock = s.clock();
            for (int i = 0; i < clock.size(); i++) {
                sb.putClock(clock.actorAt(i).toString(), clock.counterAt(i));
            }
            b.addSiblings(sb);
        }
        return b.build();
    }

    /** The answer to a put: the new context, how many siblings remain and the write's dot. */
    public PutResponse put(byte[] key, KeyValueStore.WriteResult result) {
        return PutResponse.newBuilder()
                .setKey(ByteString.copyFrom(key))
                .setContext(tokens.issue(key, result.context()))
                .setSiblingCount(result.state().siblingCount())
                .setDot(dot(result.dot()))
                .build();
    }

    /** The answer to a delete: the new context, how many siblings (tombstones included) remain and the tombstone's dot. */
    public DeleteResponse delete(byte[] key, KeyValueStore.WriteResult result) {
        return DeleteResponse.newBuilder()
                .setKey(ByteString.copyFrom(key))
                .setContext(tokens.issue(key, result.context()))
                .setSiblingCount(result.state().siblingCount())
                .setDot(dot(result.dot()))
                .build();
    }

    private static Dot dot(io.vkv.node.version.Dot d) {
        return Dot.newBuilder().setActor(d.actor().toString()).setCounter(d.counter()).build();
    }
}
