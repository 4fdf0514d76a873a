package io.vkv.node.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import io.vkv.node.testing.Mutations;
import io.vkv.node.version.Actor;
import io.vkv.node.version.Dot;
import io.vkv.node.version.History;
import io.vkv.node.version.KeyState;
import io.vkv.node.version.VersionVector;
import io.vkv.proto.internal.HistoryProto;
import io.vkv.proto.internal.VersionProto;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** A history survives its encoding, and an encoding that is not a valid history is refused with the reason. */
class HistoryCodecTest {

    private static final int MAX = 8;
    private final HistoryCodec codec = new HistoryCodec(new KeyStateCodec());
    private final Actor a = new Actor("n1", 5);

    @Provide
    Arbitrary<History> histories() {
        Arbitrary<History.Version> version = Combinators.combine(Arbitraries.of("n1", "n2", "n3"), Arbitraries.longs().between(1, 50),
                Arbitraries.longs().between(0, Long.MAX_VALUE), Arbitraries.bytes().array(byte[].class).ofMaxSize(6).injectNull(0.2))
                .as((node, counter, number, value) -> new History.Version(number, new Dot(new Actor(node, 1), counter), number ^ 0x55, value));
        Arbitrary<History.Floor> floor = Combinators.combine(Arbitraries.longs().between(0, 1_000), Arbitraries.longs().between(0, 3))
                .as((n, c) -> new History.Floor(n, c == 0 ? null : new Dot(a, c)));
        return Combinators.combine(version.list().ofMaxSize(10).uniqueElements(History.Version::dot), floor)
                .as((versions, f) -> History.of(versions, f, MAX));
    }

    /** The encoding nodes write: a state holding only {@code history}, through {@link KeyStateWriter}. */
    private static HistoryProto encode(History history) {
        return KeyStateCodec.proto(KeyState.of(List.of(), VersionVector.EMPTY, history)).getHistory();
    }

    @Property
    void aHistoryDecodesToItself(@ForAll("histories") History history) throws InvalidProtocolBufferException {
        byte[] bytes = encode(history).toByteArray();
        assertEquals(history, codec.decode(HistoryProto.parseFrom(bytes)));
    }

    @Provide
    Arbitrary<List<Mutations.Edit>> edits() {
        return Mutations.edits();
    }

    @Property(tries = 2000)
    void aDamagedHistoryIsRefusedOrDecodesToAValidOne(@ForAll("edits") List<Mutations.Edit> edits) {
        History h = History.EMPTY.add(new History.Version(10, new Dot(a, 1), 99, "x".getBytes(StandardCharsets.UTF_8)), MAX)
                .add(new History.Version(12, new Dot(a, 2), 100, null), MAX);
        HistoryProto proto;
        try {
            proto = HistoryProto.parseFrom(Mutations.apply(encode(h).toByteArray(), edits));
        } catch (InvalidProtocolBufferException unparsable) {
            return;
        }
        try {
            History decoded = codec.decode(proto);
            assertEquals(decoded, codec.decode(encode(decoded)), "what decodes round-trips");
        } catch (IllegalArgumentException refused) {
            assertTrue(refused.getMessage() != null && !refused.getMessage().isEmpty());
        }
    }

    @Test
    void numbersPastTheSignedRangeTombstonesWithValuesAndOrphanFloorCountersAreRefused() {
        VersionProto.Builder v = VersionProto.newBuilder().setActor(KeyStateCodec.proto(a)).setCounter(1).setNumber(-1L);
        IllegalArgumentException far = assertThrows(IllegalArgumentException.class,
                () -> codec.decode(HistoryProto.newBuilder().addVersions(v).build()));
        assertTrue(far.getMessage().contains("18446744073709551615"), far.getMessage());
        IllegalArgumentException tomb = assertThrows(IllegalArgumentException.class, () -> codec.decode(HistoryProto.newBuilder()
                .addVersions(v.clone().setNumber(3).setTombstone(true).setValue(com.google.protobuf.ByteString.copyFromUtf8("x"))).build()));
        assertTrue(tomb.getMessage().contains("tombstone"), tomb.getMessage());
        assertThrows(IllegalArgumentException.class, () -> codec.decode(HistoryProto.newBuilder().setFloorCounter(4).build()));
        assertThrows(IllegalArgumentException.class, () -> codec.decode(HistoryProto.newBuilder()
                .addVersions(v.clone().setNumber(3).setCounter(0)).build()));
    }
}
