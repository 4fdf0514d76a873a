package io.vkv.node.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import io.vkv.node.testing.Mutations;
import io.vkv.node.version.Actor;
import io.vkv.node.version.Dot;
import io.vkv.node.version.KeyState;
import io.vkv.node.version.Sibling;
import io.vkv.node.version.VersionVector;
import io.vkv.proto.internal.KeyStateProto;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A stored or received KeyState that was damaged either fails to parse, is refused with an
 * IllegalArgumentException saying why, or decodes to a state that holds the invariants a merge relies
 * on; nothing else escapes, and what decodes encodes back to a state that decodes the same.
 */
class KeyStateDecodeFuzzTest {

    private final KeyStateCodec codec = new KeyStateCodec();
    private final Actor a = new Actor("n1", 3);
    private final Actor b = new Actor("n2", 8);

    private byte[] valid() {
        KeyState one = KeyState.ofWrite(Sibling.value(new Dot(a, 4), VersionVector.of(new Dot(b, 2)), "left".getBytes(StandardCharsets.UTF_8), 77));
        KeyState two = KeyState.ofWrite(Sibling.tombstone(new Dot(b, 3), VersionVector.of(new Dot(b, 2)), 78));
        return KeyStateCodec.proto(one.merge(two)).toByteArray();
    }

    @Provide
    Arbitrary<List<Mutations.Edit>> edits() {
        return Mutations.edits();
    }

    @Property(tries = 3000)
    void aDamagedStateIsRefusedOrDecodesToAConsistentOne(@ForAll("edits") List<Mutations.Edit> edits) {
        KeyStateProto proto;
        try {
            proto = KeyStateProto.parseFrom(Mutations.apply(valid(), edits));
        } catch (InvalidProtocolBufferException unparsable) {
            return;
        }
        KeyState state;
        try {
            state = codec.decode(proto);
        } catch (IllegalArgumentException refused) {
            assertTrue(refused.getMessage() != null && !refused.getMessage().isEmpty(), "a refusal says why");
            return;
        }
        for (Sibling s : state.siblings()) {
            assertTrue(state.context().covers(s.dot()), "the context covers every live sibling's dot");
        }
        assertEquals(state, codec.decode(KeyStateCodec.proto(state)), "what decodes round-trips");
        assertEquals(state, state.merge(state), "and merges with itself to itself");
    }
}
