package io.vkv.node.shipping;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vkv.node.mqtt.EnvelopeSigner;
import io.vkv.node.mqtt.Rejected;
import io.vkv.node.storage.KeyStateCodec;
import io.vkv.node.storage.Limits;
import io.vkv.node.testing.CorpusMutations;
import io.vkv.placement.KeyPartitioner;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Coverage-guided fuzzing of what arrives on a change topic: any bytes as a whole message, and any bytes signed as a
 * batch (what a peer holding the secret could send), decode to a batch or are refused with {@link Rejected}; nothing
 * else escapes. Every build replays the corpus in {@code BatchCodecFuzzTestInputs}; {@code bench/fuzz.sh} fuzzes.
 */
class BatchCodecFuzzTest {

    private static final EnvelopeSigner SIGNER = new EnvelopeSigner("batch-fuzz-secret".getBytes(StandardCharsets.UTF_8));
    private final BatchCodec codec = new BatchCodec("c1", SIGNER, new KeyStateCodec(), new KeyPartitioner(64), Limits.DEFAULT);

    @FuzzTest(maxDuration = "30s")
    void anyMessageDecodesOrIsRefused(byte[] message) {
        try {
            codec.decode(message);
        } catch (Rejected expected) {
            // refused and counted by the receiver: the outcome the fuzzer may reach
        }
    }

    @FuzzTest(maxDuration = "30s")
    void anySignedPayloadDecodesOrIsRefused(byte[] payload) {
        try {
            codec.decode(SIGNER.seal(EnvelopeSigner.BATCH, payload).toByteArray());
        } catch (Rejected expected) {
            // a payload that is no valid batch
        }
    }

    @Provide
    Arbitrary<byte[]> inputsOfAnyMessageDecodesOrIsRefused() {
        return CorpusMutations.of(BatchCodecFuzzTest.class, "anyMessageDecodesOrIsRefused");
    }

    /** The every-build short form: damaged corpus inputs and random bytes, a new seed each build. */
    @Property(tries = 500)
    void damagedAnyMessageDecodesOrIsRefused(@ForAll("inputsOfAnyMessageDecodesOrIsRefused") byte[] input) {
        anyMessageDecodesOrIsRefused(input);
    }

    @Provide
    Arbitrary<byte[]> inputsOfAnySignedPayloadDecodesOrIsRefused() {
        return CorpusMutations.of(BatchCodecFuzzTest.class, "anySignedPayloadDecodesOrIsRefused");
    }

    /** The every-build short form: damaged corpus inputs and random bytes, a new seed each build. */
    @Property(tries = 500)
    void damagedAnySignedPayloadDecodesOrIsRefused(@ForAll("inputsOfAnySignedPayloadDecodesOrIsRefused") byte[] input) {
        anySignedPayloadDecodesOrIsRefused(input);
    }
}
