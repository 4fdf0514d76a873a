package io.vkv.node.server;

import com.google.protobuf.ByteString;
import io.vkv.node.storage.Store;
import io.vkv.node.version.KeyState;
import io.vkv.node.version.VersionVector;
import io.vkv.proto.v1.DeleteResponse;
import io.vkv.proto.v1.GetResponse;
import io.vkv.proto.v1.PutResponse;
import io.vkv.proto.v1.Sibling;

/** Builds API responses from key states, signing every context it hands out. */
public final class ResponseEncoder {

    private final ContextTokens tokens;

    public ResponseEncoder(ContextTokens tokens) {
        this.tokens = tokens;
    }

    /** The read view of {@code state}: every sibling (tombstones flagged) and a context token. */
    public GetResponse get(byte[] key, KeyState state) {
        GetResponse.Builder b = GetResponse.newBuilder()
                .setKey(ByteString.copyFrom(key))
                .setFound(!state.isDeleted())
                .setContext(tokens.issue(key, state.context()));
        for (io.vkv.node.version.Sibling s : state.siblings()) {
            Sibling.Builder sb = Sibling.newBuilder().setHlc(s.hlc()).setDeleted(s.isTombstone());
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

    /** The answer to a put: the new context and how many siblings remain. */
    public PutResponse put(byte[] key, Store.WriteResult result) {
        return PutResponse.newBuilder()
                .setKey(ByteString.copyFrom(key))
                .setContext(tokens.issue(key, result.context()))
                .setSiblingCount(result.state().siblingCount())
                .build();
    }

    /** The answer to a delete: the new context and how many siblings (tombstones included) remain. */
    public DeleteResponse delete(byte[] key, Store.WriteResult result) {
        return DeleteResponse.newBuilder()
                .setKey(ByteString.copyFrom(key))
                .setContext(tokens.issue(key, result.context()))
                .setSiblingCount(result.state().siblingCount())
                .build();
    }
}
