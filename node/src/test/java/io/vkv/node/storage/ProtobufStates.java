package io.vkv.node.storage;

import com.google.protobuf.ByteString;
import io.vkv.node.version.KeyState;
import io.vkv.node.version.Sibling;
import io.vkv.node.version.VersionVector;
import io.vkv.proto.internal.KeyStateProto;
import io.vkv.proto.internal.SiblingProto;
import io.vkv.proto.internal.VectorEntry;
import io.vkv.proto.internal.VersionVectorProto;

/**
 * KeyStates encoded through protobuf's own builders: the independent reference that {@link KeyStateWriter}'s
 * bytes are checked against, and the baseline the codec benchmark compares it with.
 */
public final class ProtobufStates {

    private ProtobufStates() {
    }

    /** The protobuf form of {@code state}. */
    public static KeyStateProto encode(KeyState state) {
        KeyStateProto.Builder b = KeyStateProto.newBuilder();
        for (Sibling s : state.siblings()) {
            SiblingProto.Builder sb = SiblingProto.newBuilder()
                    .setActor(KeyStateCodec.proto(s.dot().actor()))
                    .setCounter(s.dot().counter())
                    .setHlc(s.hlc());
            if (!s.past().isEmpty()) {
                sb.setPast(encode(s.past()));
            }
            if (s.isTombstone()) {
                sb.setTombstone(true);
            } else {
                sb.setValue(ByteString.copyFrom(s.value()));
            }
            b.addSiblings(sb);
        }
        if (!state.covered().isEmpty()) {
            b.setCovered(encode(state.covered()));
        }
        return b.build();
    }

    /** The protobuf form of {@code vv}. */
    public static VersionVectorProto encode(VersionVector vv) {
        VersionVectorProto.Builder b = VersionVectorProto.newBuilder();
        for (int i = 0; i < vv.size(); i++) {
            b.addEntries(VectorEntry.newBuilder().setActor(KeyStateCodec.proto(vv.actorAt(i))).setCounter(vv.counterAt(i)));
        }
        return b.build();
    }
}
