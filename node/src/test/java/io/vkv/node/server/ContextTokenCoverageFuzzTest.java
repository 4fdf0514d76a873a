package io.vkv.node.server;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.ByteString;
import io.vkv.node.storage.InvalidRequestException;
import io.vkv.node.storage.KeyStateCodec;
import io.vkv.node.testing.CorpusMutations;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Coverage-guided fuzzing of context tokens: any bytes a client sends as a context are a context or refused with
 * {@link InvalidRequestException} (INVALID_ARGUMENT to the client). Replays {@code ContextTokenCoverageFuzzTestInputs}.
 */
class ContextTokenCoverageFuzzTest {

    private final ContextTokens tokens = new ContextTokens("token-fuzz-secret-0123456789".getBytes(StandardCharsets.UTF_8),
            new KeyStateCodec());

    @FuzzTest(maxDuration = "30s")
    void anyTokenIsAContextOrRefused(byte[] token) {
        try {
            tokens.verify("k".getBytes(StandardCharsets.UTF_8), ByteString.copyFrom(token));
        } catch (InvalidRequestException expected) {
            // malformed, forged or for another key
        }
    }

    @Provide
    Arbitrary<byte[]> inputsOfAnyTokenIsAContextOrRefused() {
        return CorpusMutations.of(ContextTokenCoverageFuzzTest.class, "anyTokenIsAContextOrRefused");
    }

    /** The every-build short form: damaged corpus inputs and random bytes, a new seed each build. */
    @Property(tries = 500)
    void damagedAnyTokenIsAContextOrRefused(@ForAll("inputsOfAnyTokenIsAContextOrRefused") byte[] input) {
        anyTokenIsAContextOrRefused(input);
    }
}
