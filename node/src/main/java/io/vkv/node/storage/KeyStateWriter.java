package io.vkv.node.storage;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.vkv.node.version.Actor;
import io.vkv.node.version.Dot;
import io.vkv.node.version.History;
import io.vkv.node.version.HybridTime;
import io.vkv.node.version.KeyState;
import io.vkv.node.version.Sibling;
import io.vkv.node.version.VersionVector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a key and its KeyState straight in protobuf wire form, the bytes of a {@code LogRecord}
 * or of a replication {@code KeyedState} (both are {@code key = 1, state = 2}), without building
 * protobuf messages first: every write pays for this encoding once in the log and once more when
 * it is shipped. The bytes are those {@link KeyStateCodec#encode} would serialise. Thread-safe.
 */
public final class KeyStateWriter {

    private static final int KEY = 1;
    private static final int STATE = 2;
    // KeyStateProto
    private static final int SIBLINGS = 1;
    private static final int COVERED = 2;
    private static final int HISTORY = 3;
    // SiblingProto
    private static final int ACTOR = 1;
    private static final int COUNTER = 2;
    private static final int PAST = 3;
    private static final int VALUE = 4;
    private static final int TOMBSTONE = 5;
    private static final int HLC = 6;
    private static final int NUMBER = 7;
    // HistoryProto and VersionProto
    private static final int VERSIONS = 1;
    private static final int FLOOR_NUMBER = 2;
    private static final int FLOOR_ACTOR = 3;
    private static final int FLOOR_COUNTER = 4;
    private static final int V_NUMBER = 1;
    private static final int V_ACTOR = 2;
    private static final int V_COUNTER = 3;
    private static final int V_HLC = 4;
    private static final int V_VALUE = 5;
    private static final int V_TOMBSTONE = 6;
    // VersionVectorProto, VectorEntry and ActorProto
    private static final int ENTRIES = 1;
    private static final int ENTRY_ACTOR = 1;
    private static final int ENTRY_COUNTER = 2;
    private static final int NODE_ID = 1;
    private static final int INCARNATION = 2;

    private static final int MAX_CACHED_ACTORS = 4096;
    private static final Map<Actor, byte[]> ACTORS = new ConcurrentHashMap<>();

    private KeyStateWriter() {
    }

    /** The serialised size of a {@code LogRecord} / {@code KeyedState} holding {@code key} and {@code state}. */
    public static int keyedSize(byte[] key, KeyState state) {
        return keyFieldSize(key) + messageSize(STATE, stateSize(state));
    }

    /** The {@code LogRecord} / {@code KeyedState} bytes of {@code key} and {@code state}. */
    public static byte[] keyed(byte[] key, KeyState state) {
        return keyed(key, state, 0);
    }

    /**
     * The same bytes, preceded by {@code room} zero bytes for the caller to fill (a frame header),
     * in one array: the record is written where it will stay.
     */
    public static byte[] keyed(byte[] key, KeyState state, int room) {
        int stateSize = stateSize(state);
        int size = keyFieldSize(key) + messageSize(STATE, stateSize);
        byte[] out = new byte[room + size];
        CodedOutputStream c = CodedOutputStream.newInstance(out, room, size);
        try {
            if (key.length > 0) {
                c.writeByteArray(KEY, key);
            }
            c.writeTag(STATE, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            c.writeUInt32NoTag(stateSize);
            writeState(c, state);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a buffer of the computed size cannot fail: " + e.getMessage(), e);
        }
        c.checkNoSpaceLeft();
        return out;
    }

    /** The {@code VersionVectorProto} bytes of {@code vv} (context tokens carry them). */
    public static byte[] vector(VersionVector vv) {
        int size = vectorSize(vv);
        byte[] out = new byte[size];
        CodedOutputStream c = CodedOutputStream.newInstance(out);
        try {
            writeEntries(c, vv);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a buffer of the computed size cannot fail: " + e.getMessage(), e);
        }
        c.checkNoSpaceLeft();
        return out;
    }

    private static int keyFieldSize(byte[] key) {
        return key.length == 0 ? 0 : CodedOutputStream.computeByteArraySize(KEY, key);
    }

    private static int stateSize(KeyState state) {
        int size = 0;
        for (Sibling s : state.siblings()) {
            size += messageSize(SIBLINGS, siblingSize(s));
        }
        if (!state.covered().isEmpty()) {
            size += messageSize(COVERED, vectorSize(state.covered()));
        }
        if (!state.history().isEmpty()) {
            size += messageSize(HISTORY, historySize(state.history()));
        }
        return size;
    }

    private static void writeState(CodedOutputStream out, KeyState state) throws IOException {
        for (Sibling s : state.siblings()) {
            out.writeTag(SIBLINGS, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeUInt32NoTag(siblingSize(s));
            writeSibling(out, s);
        }
        if (!state.covered().isEmpty()) {
            writeVector(out, COVERED, state.covered());
        }
        if (!state.history().isEmpty()) {
            out.writeTag(HISTORY, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeUInt32NoTag(historySize(state.history()));
            writeHistory(out, state.history());
        }
    }

    private static int historySize(History h) {
        int size = uint64Size(FLOOR_NUMBER, h.floor().number());
        Dot floorDot = h.floor().dot();
        if (floorDot != null) {
            size += messageSize(FLOOR_ACTOR, actorSize(floorDot.actor())) + uint64Size(FLOOR_COUNTER, floorDot.counter());
        }
        for (History.Version v : h.versions()) {
            size += messageSize(VERSIONS, versionSize(v));
        }
        return size;
    }

    private static void writeHistory(CodedOutputStream out, History h) throws IOException {
        for (History.Version v : h.versions()) {
            out.writeTag(VERSIONS, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeUInt32NoTag(versionSize(v));
            if (v.number() != 0) {
                out.writeUInt64(V_NUMBER, v.number());
            }
            writeActor(out, V_ACTOR, v.dot().actor());
            if (v.dot().counter() != 0) {
                out.writeUInt64(V_COUNTER, v.dot().counter());
            }
            if (v.hlc() != 0) {
                out.writeFixed64(V_HLC, v.hlc());
            }
            if (!v.isTombstone() && v.value().length > 0) {
                out.writeByteArray(V_VALUE, v.value());
            }
            if (v.isTombstone()) {
                out.writeBool(V_TOMBSTONE, true);
            }
        }
        if (h.floor().number() != 0) {
            out.writeUInt64(FLOOR_NUMBER, h.floor().number());
        }
        Dot floorDot = h.floor().dot();
        if (floorDot != null) {
            writeActor(out, FLOOR_ACTOR, floorDot.actor());
            if (floorDot.counter() != 0) {
                out.writeUInt64(FLOOR_COUNTER, floorDot.counter());
            }
        }
    }

    private static int versionSize(History.Version v) {
        int size = uint64Size(V_NUMBER, v.number()) + messageSize(V_ACTOR, actorSize(v.dot().actor()))
                + uint64Size(V_COUNTER, v.dot().counter()) + (v.hlc() == 0 ? 0 : CodedOutputStream.computeFixed64Size(V_HLC, v.hlc()));
        if (v.isTombstone()) {
            size += CodedOutputStream.computeBoolSize(V_TOMBSTONE, true);
        } else if (v.value().length > 0) {
            size += CodedOutputStream.computeByteArraySize(V_VALUE, v.value());
        }
        return size;
    }

    private static int siblingSize(Sibling s) {
        int size = messageSize(ACTOR, actorSize(s.dot().actor()))
                + uint64Size(COUNTER, s.dot().counter())
                + (s.hlc() == 0 ? 0 : CodedOutputStream.computeFixed64Size(HLC, s.hlc()))
                + (impliedNumber(s) ? 0 : CodedOutputStream.computeUInt64Size(NUMBER, s.number()));
        if (!s.past().isEmpty()) {
            size += messageSize(PAST, vectorSize(s.past()));
        }
        if (s.isTombstone()) {
            size += CodedOutputStream.computeBoolSize(TOMBSTONE, true);
        } else if (s.value().length > 0) {
            size += CodedOutputStream.computeByteArraySize(VALUE, s.value());
        }
        return size;
    }

    private static void writeSibling(CodedOutputStream out, Sibling s) throws IOException {
        writeActor(out, ACTOR, s.dot().actor());
        if (s.dot().counter() != 0) {
            out.writeUInt64(COUNTER, s.dot().counter());
        }
        if (!s.past().isEmpty()) {
            writeVector(out, PAST, s.past());
        }
        if (!s.isTombstone() && s.value().length > 0) {
            out.writeByteArray(VALUE, s.value());
        }
        if (s.isTombstone()) {
            out.writeBool(TOMBSTONE, true);
        }
        if (s.hlc() != 0) {
            out.writeFixed64(HLC, s.hlc());
        }
        if (!impliedNumber(s)) {
            out.writeUInt64(NUMBER, s.number());
        }
    }

    /** Most writes are numbered by their hybrid millisecond: the number is left out and read back from the hlc. */
    private static boolean impliedNumber(Sibling s) {
        return s.number() == HybridTime.physicalMillis(s.hlc());
    }

    private static int vectorSize(VersionVector vv) {
        int size = 0;
        for (int i = 0; i < vv.size(); i++) {
            size += messageSize(ENTRIES, entrySize(vv.actorAt(i), vv.counterAt(i)));
        }
        return size;
    }

    private static void writeVector(CodedOutputStream out, int field, VersionVector vv) throws IOException {
        out.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        out.writeUInt32NoTag(vectorSize(vv));
        writeEntries(out, vv);
    }

    private static void writeEntries(CodedOutputStream out, VersionVector vv) throws IOException {
        for (int i = 0; i < vv.size(); i++) {
            out.writeTag(ENTRIES, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeUInt32NoTag(entrySize(vv.actorAt(i), vv.counterAt(i)));
            writeActor(out, ENTRY_ACTOR, vv.actorAt(i));
            if (vv.counterAt(i) != 0) {
                out.writeUInt64(ENTRY_COUNTER, vv.counterAt(i));
            }
        }
    }

    private static int entrySize(Actor actor, long counter) {
        return messageSize(ENTRY_ACTOR, actorSize(actor)) + uint64Size(ENTRY_COUNTER, counter);
    }

    private static int actorSize(Actor a) {
        return actorBytes(a).length;
    }

    private static void writeActor(CodedOutputStream out, int field, Actor a) throws IOException {
        byte[] bytes = actorBytes(a);
        out.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        out.writeUInt32NoTag(bytes.length);
        out.writeRawBytes(bytes);
    }

    /** The encoded ActorProto of {@code a}: a handful of actors sign every state, so each is encoded once. */
    private static byte[] actorBytes(Actor a) {
        byte[] bytes = ACTORS.get(a);
        if (bytes == null) {
            int size = (a.nodeId().isEmpty() ? 0 : CodedOutputStream.computeStringSize(NODE_ID, a.nodeId()))
                    + (a.incarnation() == 0 ? 0 : CodedOutputStream.computeFixed64Size(INCARNATION, a.incarnation()));
            bytes = new byte[size];
            CodedOutputStream c = CodedOutputStream.newInstance(bytes);
            try {
                if (!a.nodeId().isEmpty()) {
                    c.writeString(NODE_ID, a.nodeId());
                }
                if (a.incarnation() != 0) {
                    c.writeFixed64(INCARNATION, a.incarnation());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("writing to a buffer of the computed size cannot fail: " + e.getMessage(), e);
            }
            if (ACTORS.size() >= MAX_CACHED_ACTORS) {
                ACTORS.clear(); // actors come and go with incarnations: never let the cache grow without bound
            }
            ACTORS.put(a, bytes);
        }
        return bytes;
    }

    /** Size of a length-delimited field holding {@code size} bytes. */
    private static int messageSize(int field, int size) {
        return CodedOutputStream.computeTagSize(field) + CodedOutputStream.computeUInt32SizeNoTag(size) + size;
    }

    private static int uint64Size(int field, long value) {
        return value == 0 ? 0 : CodedOutputStream.computeUInt64Size(field, value);
    }
}
