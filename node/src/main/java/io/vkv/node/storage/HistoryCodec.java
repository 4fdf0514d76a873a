package io.vkv.node.storage;

import io.vkv.node.version.Dot;
import io.vkv.node.version.History;
import io.vkv.proto.internal.HistoryProto;
import io.vkv.proto.internal.VersionProto;
import java.util.ArrayList;
import java.util.List;

/** Decodes a key's {@link History} from a {@link HistoryProto}, refusing what is not a valid history. */
public final class HistoryCodec {

    private final KeyStateCodec states;

    /** A codec that reads actors through {@code states} (which interns them). */
    public HistoryCodec(KeyStateCodec states) {
        this.states = states;
    }

    /**
     * The history {@code proto} holds; throws IllegalArgumentException for a version number or floor past
     * 2^63 − 1, an invalid actor or counter, or a tombstone with a value. (Encoding is {@link KeyStateWriter}'s.)
     */
    public History decode(HistoryProto proto) {
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
        return History.of(versions, new History.Floor(floorNumber, floorDot), Integer.MAX_VALUE);
    }

    static long requireNumber(long number, String what) {
        if (number < 0) {
            throw new IllegalArgumentException(what + " has number " + Long.toUnsignedString(number) + ", past 2^63 - 1");
        }
        return number;
    }
}
