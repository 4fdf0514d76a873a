package io.vkv.node.storage;

import com.google.protobuf.ByteString;
import io.vkv.node.version.History;
import io.vkv.node.version.HybridTime;
import io.vkv.node.version.KeyState;
import io.vkv.node.version.Sibling;
import io.vkv.node.version.VersionVector;
import io.vkv.proto.internal.HistoryProto;
import io.vkv.proto.internal.KeyStateProto;
import io.vkv.proto.internal.SiblingProto;
import io.vkv.proto.internal.VectorEntry;
import io.vkv.proto.internal.VersionProto;
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
            if (s.number() != HybridTime.physicalMillis(s.hlc())) {
                sb.setNumber(s.number());
            }
            b.addSiblings(sb);
        }
        if (!state.covered().isEmpty()) {
            b.setCovered(encode(state.covered()));
        }
        if (!state.history().isEmpty()) {
            b.setHistory(encode(state.history()));
        }
        return b.build();
    }

    /** The protobuf form of {@code h}. */
    public static HistoryProto encode(History h) {
        HistoryProto.Builder b = HistoryProto.newBuilder().setFloorNumber(h.floor().number());
        if (h.floor().dot() != null) {
            b.setFloorActor(KeyStateCodec.proto(h.floor().dot().actor())).setFloorCounter(h.floor().dot().counter());
        }
        for (History.Version v : h.versions()) {
            VersionProto.Builder vb = VersionProto.newBuilder().setNumber(v.number()).setActor(KeyStateCodec.proto(v.dot().actor()))
                    .setCounter(v.dot().counter()).setHlc(v.hlc());
            if (v.isTombstone()) {
                vb.setTombstone(true);
            } else {
                vb.setValue(ByteString.copyFrom(v.value()));
            }
            b.addVersions(vb);
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
