package io.vkv.node.shipping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vkv.node.mqtt.EnvelopeSigner;
import io.vkv.node.mqtt.Rejected;
import io.vkv.placement.KeyPartitioner;
import io.vkv.node.storage.KeyStateCodec;
import io.vkv.node.storage.KeyStateWriter;
import io.vkv.node.storage.Limits;
import io.vkv.node.testing.Mutations;
import io.vkv.node.version.Actor;
import io.vkv.node.version.Dot;
import io.vkv.node.version.KeyState;
import io.vkv.node.version.Sibling;
import io.vkv.node.version.VersionVector;
import io.vkv.proto.internal.SignedEnvelope;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever bytes arrive on a change topic, decoding either rejects them ({@link Rejected}, to be counted)
 * or yields a batch every part of which is valid; it never throws anything else. Damaged payloads are
 * re-signed with the cluster's secret, so that they reach the parser and the checks behind the MAC.
 */
class BatchDecodeFuzzTest {

    private static final byte[] SECRET = "fuzz-secret-0123456789".getBytes(StandardCharsets.UTF_8);
    private final KeyPartitioner partitioner = new KeyPartitioner(64);
    private final EnvelopeSigner signer = new EnvelopeSigner(SECRET);
    private final BatchCodec codec = new BatchCodec("c", signer, new KeyStateCodec(), partitioner, Limits.DEFAULT);
    private final Actor origin = new Actor("n1", 7);

    /** A valid batch of a few keys over several partitions. */
    private byte[] validPayload() {
        List<BatchCodec.Section> sections = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            byte[] key = ("key-" + i).getBytes(StandardCharsets.UTF_8);
            KeyState state = KeyState.ofWrite(Sibling.value(new Dot(origin, i + 1), VersionVector.EMPTY, ("v" + i).getBytes(StandardCharsets.UTF_8), 1000 + i));
            sections.add(new BatchCodec.Section(partitioner.partitionOf(key), i + 1, i + 1, List.of(KeyStateWriter.keyed(key, state))));
        }
        return codec.encode(origin, 123, sections); // each key its own counter: sections never overlap
    }

    @Provide
    Arbitrary<List<Mutations.Edit>> edits() {
        return Mutations.edits();
    }

    @Property(tries = 2000)
    void damagedAndReSignedBatchesAreRejectedOrEntirelyValid(@ForAll("edits") List<Mutations.Edit> edits) throws Exception {
        SignedEnvelope envelope = SignedEnvelope.parseFrom(validPayload());
        byte[] damaged = Mutations.apply(envelope.getPayload().toByteArray(), edits);
        byte[] resigned = signer.seal(EnvelopeSigner.BATCH, damaged).toByteArray();
        judge(resigned);
    }

    @Property(tries = 2000)
    void damagedEnvelopesAreRejectedOrEntirelyValid(@ForAll("edits") List<Mutations.Edit> edits) {
        judge(Mutations.apply(validPayload(), edits));
    }

    @Property(tries = 500)
    void randomBytesAreRejected(@ForAll byte[] bytes) {
        try {
            codec.decode(bytes);
            throw new AssertionError("random bytes decoded as a batch");
        } catch (Rejected expected) {
            assertTrue(expected.getMessage() != null && !expected.getMessage().isEmpty());
        }
    }

    private void judge(byte[] payload) {
        BatchCodec.Received batch;
        try {
            batch = codec.decode(payload);
        } catch (Rejected expected) {
            assertTrue(expected.getMessage() != null && !expected.getMessage().isEmpty(), "a rejection says why");
            return;
        }
        for (BatchCodec.ReceivedSection s : batch.sections()) {
            assertTrue(s.partition() >= 0 && s.partition() < 64);
            boolean unsequenced = s.first() == 0 && s.last() == 0; // changes that issued no dot (trims)
            assertTrue(unsequenced || s.first() >= 1 && s.last() >= s.first(), "[" + s.first() + ", " + s.last() + "]");
            for (BatchCodec.Entry e : s.entries()) {
                assertEquals(s.partition(), partitioner.partitionOf(e.key()), "every key is of its section's partition");
            }
        }
    }
}
