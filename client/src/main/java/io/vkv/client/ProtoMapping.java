package io.vkv.client;

import com.google.protobuf.ByteString;
import io.vkv.proto.v1.GetResponse;
import io.vkv.proto.v1.HistoryResponse;

/** Converts between the wire messages of vkv.v1 and the client's types. */
final class ProtoMapping {

    private ProtoMapping() {
    }

    static Versions versions(GetResponse r) {
        return new Versions(
                r.getKey().toByteArray(),
                r.getFound(),
                r.getSiblingsList().stream().map(ProtoMapping::sibling).toList(),
                context(r.getContext()));
    }

    static Sibling sibling(io.vkv.proto.v1.Sibling s) {
        return new Sibling(s.getValue().toByteArray(), s.getClockMap(), s.getHlc(), s.getDeleted(), s.getVersion());
    }

    static KeyHistory history(HistoryResponse r) {
        return new KeyHistory(r.getKey().toByteArray(), r.getVersionsList().stream().map(ProtoMapping::sibling).toList(), r.getFloor());
    }

    static Context context(ByteString bytes) {
        return bytes.isEmpty() ? Context.EMPTY : Context.of(bytes.toByteArray());
    }

    static ByteString bytes(Context context) {
        return context == null || context.isEmpty() ? ByteString.EMPTY : ByteString.copyFrom(context.bytes());
    }

    static ByteString bytes(byte[] data) {
        return data == null ? ByteString.EMPTY : ByteString.copyFrom(data);
    }
}
