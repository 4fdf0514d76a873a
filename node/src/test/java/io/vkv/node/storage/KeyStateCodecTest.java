package io.vkv.node.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.vkv.node.version.Actor;
import io.vkv.node.version.Dot;
import io.vkv.node.version.KeyState;
import io.vkv.node.version.Sibling;
import io.vkv.node.version.VersionVector;
import io.vkv.proto.internal.ActorProto;
import io.vkv.proto.internal.KeyStateProto;
import io.vkv.proto.internal.SiblingProto;
import io.vkv.proto.internal.VectorEntry;
import io.vkv.proto.internal.VersionVectorProto;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Examples of encoding, and the refusal of every malformed state with a message naming the problem. */
class KeyStateCodecTest {

    private static final Actor A = new Actor("a", 0xa1);
    private static final Actor B = new Actor("b", 0xb1);

    private final KeyStateCodec codec = new KeyStateCodec();

    private static ActorProto actor(String nodeId, long incarnation) {
        return ActorProto.newBuilder().setNodeId(nodeId).setIncarnation(incarnation).build();
    }

    private static VectorEntry entry(ActorProto actor, long counter) {
        return VectorEntry.newBuilder().setActor(actor).setCounter(counter).build();
    }

    private static SiblingProto.Builder sibling(ActorProto actor, long counter, String value) {
        return SiblingProto.newBuilder().setActor(actor).setCounter(counter).setValue(ByteString.copyFromUtf8(value)).setHlc(7);
    }

    private String decodeError(KeyStateProto proto) {
        return assertThrows(IllegalArgumentException.class, () -> codec.decode(proto)).getMessage();
    }

    @Test
    void encodesValuesTombstonesContextsAndCovered() {
        Sibling value = Sibling.value(new Dot(A, 2), VersionVector.of(Map.of(A, 1L)), "v".getBytes(), 42);
        Sibling tombstone = Sibling.tombstone(new Dot(B, 1), VersionVector.EMPTY, 43);
        KeyState state = KeyState.ofWrite(value).merge(KeyState.ofWrite(tombstone));

        KeyStateProto proto = KeyStateCodec.proto(state);

        assertEquals(2, proto.getSiblingsCount());
        assertEquals("v", proto.getSiblings(0).getValue().toStringUtf8());
        assertEquals(1, proto.getSiblings(0).getPast().getEntries(0).getCounter());
        assertTrue(proto.getSiblings(1).getTombstone());
        assertTrue(proto.getSiblings(1).getValue().isEmpty());
        assertEquals(List.of(entry(actor("a", 0xa1), 1)), proto.getCovered().getEntriesList());
        assertEquals(state, codec.decode(proto));
    }

    @Test
    void anEmptyStateEncodesToNoBytes() {
        assertEquals(0, KeyStateCodec.proto(KeyState.EMPTY).getSerializedSize());
        assertEquals(KeyState.EMPTY, codec.decode(KeyStateProto.getDefaultInstance()));
    }

    @Test
    void anEmptyValueIsAValueNotATombstone() {
        KeyState decoded = codec.decode(KeyStateProto.newBuilder().addSiblings(sibling(actor("a", 1), 1, "")).build());

        assertEquals(0, decoded.values().get(0).value().length);
    }

    @Test
    void aSiblingWithCounterZeroIsRefused() {
        String error = decodeError(KeyStateProto.newBuilder().addSiblings(sibling(actor("a", 1), 0, "v")).build());

        assertEquals("counter must be at least 1, got 0", error);
    }

    @Test
    void aCounterAboveTheSignedRangeIsRefusedAndPrintedUnsigned() {
        String error = decodeError(KeyStateProto.newBuilder().addSiblings(sibling(actor("a", 1), -1, "v")).build());

        assertEquals("counter must be at least 1, got 18446744073709551615", error);
    }

    @Test
    void aVectorEntryWithCounterZeroIsRefused() {
        KeyStateProto proto = KeyStateProto.newBuilder()
                .setCovered(VersionVectorProto.newBuilder().addEntries(entry(actor("a", 1), 0)))
                .build();

        assertEquals("counter must be at least 1, got 0", decodeError(proto));
    }

    @Test
    void aVectorNamingAnActorTwiceIsRefused() {
        KeyStateProto proto = KeyStateProto.newBuilder()
                .setCovered(VersionVectorProto.newBuilder().addEntries(entry(actor("a", 1), 3)).addEntries(entry(actor("a", 1), 5)))
                .build();

        assertEquals("version vector names actor a@1 twice", decodeError(proto));
    }

    @Test
    void aSiblingContextNamingAnActorTwiceIsRefused() {
        VersionVectorProto past = VersionVectorProto.newBuilder().addEntries(entry(actor("b", 2), 1)).addEntries(entry(actor("b", 2), 1)).build();
        KeyStateProto proto = KeyStateProto.newBuilder().addSiblings(sibling(actor("a", 1), 1, "v").setPast(past)).build();

        assertEquals("version vector names actor b@2 twice", decodeError(proto));
    }

    @Test
    void anInvalidNodeIdInASiblingIsRefused() {
        String error = decodeError(KeyStateProto.newBuilder().addSiblings(sibling(actor("bad id", 1), 1, "v")).build());

        assertEquals("invalid node id 'bad id' in actor", error);
    }

    @Test
    void aSiblingWithoutAnActorIsRefused() {
        String error = decodeError(KeyStateProto.newBuilder().addSiblings(SiblingProto.newBuilder().setCounter(1).setValue(ByteString.copyFromUtf8("v"))).build());

        assertEquals("invalid node id '' in actor", error);
    }

    @Test
    void anInvalidNodeIdInCoveredIsRefused() {
        KeyStateProto proto = KeyStateProto.newBuilder()
                .setCovered(VersionVectorProto.newBuilder().addEntries(entry(actor("-x", 1), 1)))
                .build();

        assertEquals("invalid node id '-x' in actor", decodeError(proto));
    }

    @Test
    void aTombstoneCarryingAValueIsRefused() {
        KeyStateProto proto = KeyStateProto.newBuilder().addSiblings(sibling(actor("a", 1), 3, "ghost").setTombstone(true)).build();

        assertEquals("sibling (a@1,3) is a tombstone but carries a value", decodeError(proto));
    }

    @Test
    void twoDifferentSiblingsWithTheSameDotAreRefused() {
        KeyStateProto proto = KeyStateProto.newBuilder()
                .addSiblings(sibling(actor("a", 1), 1, "x"))
                .addSiblings(sibling(actor("a", 1), 1, "y"))
                .build();

        assertTrue(decodeError(proto).startsWith("dot (a@1,1) names two different writes"));
    }

    @Test
    void twoDifferentSiblingsWithTheSameDotAreRefusedEvenWhenCovered() {
        KeyStateProto proto = KeyStateProto.newBuilder()
                .addSiblings(sibling(actor("a", 1), 1, "x"))
                .addSiblings(sibling(actor("a", 1), 1, "y"))
                .setCovered(VersionVectorProto.newBuilder().addEntries(entry(actor("a", 1), 1)))
                .build();

        assertTrue(decodeError(proto).startsWith("dot (a@1,1) names two different writes"));
    }

    @Test
    void theSameSiblingTwiceDecodesToOne() {
        SiblingProto s = sibling(actor("a", 1), 1, "x").build();

        KeyState decoded = codec.decode(KeyStateProto.newBuilder().addSiblings(s).addSiblings(s).build());

        assertEquals(1, decoded.siblingCount());
    }
}
