package io.vkv.node.storage;

import com.google.protobuf.ByteString;
import io.vkv.node.version.Dot;
import io.vkv.node.version.History;
import io.vkv.proto.internal.HistoryProto;
import io.vkv.proto.internal.VersionProto;
import java.util.ArrayList;
import java.util.List;

/** Encodes a key's {@link History} as a {@link HistoryProto} and decodes one, refusing what is not a valid history. */
public final class HistoryCodec {

    private final KeyStateCodec states;

    /** A codec that reads actors through {@code states} (which interns them). */
    public HistoryCodec(KeyStateCodec states) {
        this.states = states;
    }

    /** The protobuf form of {@code history}. */
    public static HistoryProto proto(History history) {
        HistoryProto.Builder b = HistoryProto.newBuilder().setFloorNumber(history.floor().number());
        Dot floorDot = history.floor().dot();
        if (floorDot != null) {
            b.setFloorActor(KeyStateCodec.proto(floorDot.actor())).setFloorCounter(floorDot.counter());
        }
        for (History.Version v : history.versions()) {
            VersionProto.Builder vb = VersionProto.newBuilder()
                    .setNumber(v.number())
                    .setActor(KeyStateCodec.proto(v.dot().actor()))
                    .setCounter(v.dot().counter())
                    .setHlc(v.hlc());
            if (v.isTombstone()) {
                vb.setTombstone(true);
            } else {
                vb.setValue(ByteString.copyFrom(v.value()));
            }
            b.addVersions(vb);
        }
        return b.build();
    }

    /**
     * The history {@code proto} holds, bounded to {@code maxVersions}; throws IllegalArgumentException for a
     * version number or floor past 2^63 − 1, an invalid actor or counter, or a tombstone with a value.
     */
    public History decode(HistoryProto proto, int maxVersions) {
        List<History.Version> versions = new ArrayList<>(proto.getVersionsCount());
        for (VersionProto v : proto.getVersionsList()) {
            Dot dot = new Dot(states.actor(v.getActor()), KeyStateCodec.requireCounter(v.getCounter()));
            long number = requireNumber(v.getNumber(), "version " + dot);
            if (v.getTombstone() && !v.getValue().isEmpty()) {
                throw new IllegalArgumentException("version " + dot + " is a tombstone but carries a value");
            }
            versions.add(new History.Version(number, dot, v.getHlc(), v.getTombstone() ? null : v.getValue().toByteArray()));
        }
        long floorNumber = requireNumber(proto.getFloorNumber(), "the floor");
        Dot floorDot = null;
        if (proto.hasFloorActor()) {
            floorDot = new Dot(states.actor(proto.getFloorActor()), KeyStateCodec.requireCounter(proto.getFloorCounter()));
        } else if (proto.getFloorCounter() != 0) {
            throw new IllegalArgumentException("the floor has a counter but no actor");
        }
        return History.of(versions, new History.Floor(floorNumber, floorDot), maxVersions);
    }

    private static long requireNumber(long number, String what) {
        if (number < 0) {
            throw new IllegalArgumentException(what + " has number " + Long.toUnsignedString(number) + ", past 2^63 - 1");
        }
        return number;
    }
}
