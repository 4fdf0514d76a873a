package io.vkv.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.vkv.node.storage.InvalidRequestException;
import io.vkv.node.storage.KeyStateCodec;
import io.vkv.node.testing.Mutations;
import io.vkv.node.version.Actor;
import io.vkv.node.version.VersionVector;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever a client sends as a context token, the node either reads back exactly the context it issued
 * for that key or answers with a precise INVALID_ARGUMENT; a damaged token never passes as another context.
 */
class ContextTokenFuzzTest {

    private final ContextTokens tokens = new ContextTokens("token-fuzz-secret-0123".getBytes(StandardCharsets.UTF_8), new KeyStateCodec());
    private final byte[] key = "profile:42".getBytes(StandardCharsets.UTF_8);
    private final VersionVector issued = VersionVector.of(Map.of(new Actor("n1", 3), 17L, new Actor("n2", 9), 4L));

    @Provide
    Arbitrary<List<Mutations.Edit>> edits() {
        return Mutations.edits();
    }

    @Property(tries = 3000)
    void aDamagedTokenIsRefusedOrIsTheTokenIssued(@ForAll("edits") List<Mutations.Edit> edits) {
        byte[] valid = tokens.issue(key, issued).toByteArray();
        byte[] damaged = Mutations.apply(valid, edits);
        try {
            VersionVector read = tokens.verify(key, ByteString.copyFrom(damaged));
            if (damaged.length == 0) {
                assertEquals(VersionVector.EMPTY, read, "the empty token is the empty context");
            } else {
                assertEquals(issued, read, "only the issued bytes verify");
                assertEquals(true, Arrays.equals(valid, damaged), "an edit that changed the bytes got through");
            }
        } catch (InvalidRequestException expected) {
            assertEquals(true, expected.getMessage().startsWith("context token"), expected.getMessage());
        }
    }

    @Property(tries = 1000)
    void randomBytesAreRefused(@ForAll byte[] bytes) {
        try {
            VersionVector read = tokens.verify(key, ByteString.copyFrom(bytes));
            assertEquals(0, bytes.length, "random bytes verified as a context");
            assertEquals(VersionVector.EMPTY, read);
        } catch (InvalidRequestException expected) {
            assertEquals(true, expected.getMessage().startsWith("context token"), expected.getMessage());
        }
    }
}
