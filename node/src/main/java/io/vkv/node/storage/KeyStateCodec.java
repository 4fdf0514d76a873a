package io.vkv.node.storage;

import com.google.protobuf.InvalidProtocolBufferException;
import io.vkv.node.version.Actor;
import io.vkv.node.version.Dot;
import io.vkv.node.version.History;
import io.vkv.node.version.HybridTime;
import io.vkv.node.version.KeyState;
import io.vkv.node.version.Sibling;
import io.vkv.node.version.VersionVector;
import io.vkv.proto.internal.ActorProto;
import io.vkv.proto.internal.KeyStateProto;
import io.vkv.proto.internal.KeyedState;
import io.vkv.proto.internal.SiblingProto;
import io.vkv.proto.internal.VectorEntry;
import io.vkv.proto.internal.VersionVectorProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Converts KeyStates to and from their protobuf form (log records, snapshots, replication).
 * Decoding validates everything and throws {@link IllegalArgumentException} saying what is wrong;
 * actors are interned so a million keys written by three nodes share three Actor objects.
 */
public final class KeyStateCodec {

    private final Map<Actor, Actor> actors = new ConcurrentHashMap<>();
    private final Map<String, Actor> lastByNode = new ConcurrentHashMap<>();
    private final HistoryCodec histories = new HistoryCodec(this);

    /**
     * The protobuf message of {@code state}, for messages that embed one: written by {@link KeyStateWriter},
     * the one encoder of states on the wire and on disk, and parsed back.
     */
    public static KeyStateProto proto(KeyState state) {
        return keyed(new byte[0], state).getState();
    }

    /** The {@code KeyedState} message of {@code key} and {@code state}, written by {@link KeyStateWriter}. */
    public static KeyedState keyed(byte[] key, KeyState state) {
        try {
            return KeyedState.parseFrom(KeyStateWriter.keyed(key, state));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("KeyStateWriter wrote bytes protobuf cannot parse: " + e.getMessage(), e);
        }
    }

    /** The protobuf form of {@code a}. */
    public static ActorProto proto(Actor a) {
        return ActorProto.newBuilder().setNodeId(a.nodeId()).setIncarnation(a.incarnation()).build();
    }

    /** The KeyState of {@code proto}; throws IllegalArgumentException when it is not a valid state. */
    public KeyState decode(KeyStateProto proto) {
        List<Sibling> siblings = new ArrayList<>(proto.getSiblingsCount());
        for (SiblingProto s : proto.getSiblingsList()) {
            Dot dot = new Dot(actor(s.getActor()), requireCounter(s.getCounter()));
            VersionVector past = decode(s.getPast());
            long number = s.hasNumber() ? HistoryCodec.requireNumber(s.getNumber(), "sibling " + dot) : HybridTime.physicalMillis(s.getHlc());
            if (s.getTombstone()) {
                if (!s.getValue().isEmpty()) {
                    throw new IllegalArgumentException("sibling " + dot + " is a tombstone but carries a value");
                }
                siblings.add(Sibling.tombstone(dot, past, s.getHlc(), number));
            } else {
                siblings.add(Sibling.value(dot, past, s.getValue().toByteArray(), s.getHlc(), number));
            }
        }
        History history = proto.hasHistory() ? histories.decode(proto.getHistory()) : History.EMPTY;
        try {
            return KeyState.of(siblings, decode(proto.getCovered()), history);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The version vector of {@code proto}; duplicate actors or zero counters are refused. */
    public VersionVector decode(VersionVectorProto proto) {
        if (proto.getEntriesCount() == 0) {
            return VersionVector.EMPTY;
        }
        int n = proto.getEntriesCount();
        Actor[] a = new Actor[n];
        long[] c = new long[n];
        boolean sorted = true;
        for (int i = 0; i < n; i++) {
            VectorEntry e = proto.getEntries(i);
            a[i] = actor(e.getActor());
            c[i] = requireCounter(e.getCounter());
            sorted &= i == 0 || a[i - 1].compareTo(a[i]) < 0;
        }
        if (sorted) {
            return VersionVector.ofSorted(a, c); // what encode writes: the fast path of every recovery
        }
        Map<Actor, Long> m = new HashMap<>();
        for (int i = 0; i < n; i++) {
            if (m.put(a[i], c[i]) != null) {
                throw new IllegalArgumentException("version vector names actor " + a[i] + " twice");
            }
        }
        return VersionVector.of(m);
    }

    /** The actor of {@code p}, interned; throws IllegalArgumentException when its node id is not valid. */
    public Actor actor(ActorProto p) {
        String id = p.getNodeId();
        long incarnation = p.getIncarnation();
        // Almost every actor decoded is one seen before: skip validation and interning for those.
        Actor last = lastByNode.get(id);
        if (last != null && last.incarnation() == incarnation) {
            return last;
        }
        if (!Actor.isValidNodeId(id)) {
            throw new IllegalArgumentException("invalid node id '" + id + "' in actor");
        }
        Actor a = new Actor(id, incarnation);
        Actor known = actors.putIfAbsent(a, a);
        a = known != null ? known : a;
        lastByNode.put(id, a);
        return a;
    }

    static long requireCounter(long counter) {
        if (counter < 1) {
            throw new IllegalArgumentException("counter must be at least 1, got " + Long.toUnsignedString(counter));
        }
        return counter;
    }
}
