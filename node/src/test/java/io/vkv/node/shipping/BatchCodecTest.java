package io.vkv.node.shipping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.vkv.node.metrics.DropReason;
import io.vkv.node.mqtt.EnvelopeSigner;
import io.vkv.node.mqtt.Rejected;
import io.vkv.placement.KeyPartitioner;
import io.vkv.node.storage.KeyStateCodec;
import io.vkv.node.storage.KeyStateWriter;
import io.vkv.node.storage.Limits;
import io.vkv.node.version.Actor;
import io.vkv.node.version.Dot;
import io.vkv.node.version.KeyState;
import io.vkv.node.version.Sibling;
import io.vkv.node.version.VersionVector;
import io.vkv.proto.internal.ActorProto;
import io.vkv.proto.internal.KeyStateProto;
import io.vkv.proto.internal.KeyedState;
import io.vkv.proto.internal.PartitionSection;
import io.vkv.proto.internal.ReplicationBatch;
import io.vkv.proto.internal.SiblingProto;
import io.vkv.proto.internal.SignedEnvelope;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchCodecTest {

    private static final byte[] SECRET = "codec-test-secret".getBytes(StandardCharsets.UTF_8);
    private final KeyPartitioner partitioner = new KeyPartitioner(64);
    private final KeyStateCodec states = new KeyStateCodec();
    private final EnvelopeSigner signer = new EnvelopeSigner(SECRET);
    private final BatchCodec codec = new BatchCodec("c1", signer, states, partitioner, Limits.DEFAULT);
    private final Actor origin = new Actor("n1", 42);
    private final byte[] key = "apple".getBytes(StandardCharsets.UTF_8);
    private final int partition = partitioner.partitionOf(key);
    private final KeyState state = KeyState.ofWrite(Sibling.value(new Dot(origin, 3), VersionVector.EMPTY, "red".getBytes(StandardCharsets.UTF_8), 7));

    private KeyedState entry(byte[] k, KeyStateProto s) {
        return KeyedState.newBuilder().setKey(ByteString.copyFrom(k)).setState(s).build();
    }

    private byte[] signed(ReplicationBatch batch, EnvelopeSigner by) {
        return by.seal(EnvelopeSigner.BATCH, batch.toByteArray()).toByteArray();
    }

    private PartitionSection.Builder section(int p, long first, long last, KeyedState... entries) {
        return PartitionSection.newBuilder().setPartition(p).setFirstCounter(first).setLastCounter(last).addAllEntries(List.of(entries));
    }

    private ReplicationBatch.Builder valid() {
        return ReplicationBatch.newBuilder().setCluster("c1").setOrigin(KeyStateCodec.proto(origin)).setSentAtMillis(99)
                .addSections(section(partition, 3, 3, entry(key, KeyStateCodec.proto(state))));
    }

    private DropReason rejection(byte[] payload) {
        return assertThrows(Rejected.class, () -> codec.decode(payload)).reason();
    }

    @Test
    void aBatchOfSeveralPartitionsRoundTrips() throws Rejected {
        byte[] other = otherKey();
        int otherPartition = partitioner.partitionOf(other);
        byte[] payload = codec.encode(origin, 99, List.of(
                new BatchCodec.Section(partition, 3, 3, List.of(KeyStateWriter.keyed(key, state))),
                new BatchCodec.Section(otherPartition, 1, 2, List.of(KeyStateWriter.keyed(other, state)))));
        BatchCodec.Received r = codec.decode(payload);
        assertEquals(origin, r.origin());
        assertEquals(99, r.sentAtMillis());
        assertEquals(2, r.sections().size());
        assertEquals(2, r.keys());
        BatchCodec.ReceivedSection first = r.sections().get(0);
        assertEquals(List.of(partition, 3L, 3L), List.of(first.partition(), first.first(), first.last()));
        assertArrayEquals(key, first.entries().get(0).key());
        assertEquals(state, first.entries().get(0).state());
        BatchCodec.ReceivedSection second = r.sections().get(1);
        assertEquals(List.of(otherPartition, 1L, 2L), List.of(second.partition(), second.first(), second.last()));
        assertArrayEquals(other, second.entries().get(0).key());
    }

    /** A key of a partition other than {@code key}'s. */
    private byte[] otherKey() {
        for (int i = 0; ; i++) {
            byte[] k = ("other-" + i).getBytes(StandardCharsets.UTF_8);
            if (partitioner.partitionOf(k) != partition) {
                return k;
            }
        }
    }

    @Test
    void garbageAndEnvelopesOfAnotherKindAreMalformed() {
        assertEquals(DropReason.MALFORMED, rejection("\u0008\u00ff\u00ff garbage".getBytes(StandardCharsets.ISO_8859_1)));
        byte[] member = signer.seal(EnvelopeSigner.MEMBER, valid().build().toByteArray()).toByteArray();
        assertEquals(DropReason.MALFORMED, rejection(member));
        byte[] whole = signed(valid().build(), signer);
        assertEquals(DropReason.MALFORMED, rejection(Arrays.copyOf(whole, whole.length - 5)), "a truncated message");
    }

    @Test
    void aBatchOfAnotherClusterIsRefusedAsSuch() {
        assertEquals(DropReason.WRONG_CLUSTER, rejection(signed(valid().setCluster("c2").build(), signer)));
    }

    @Test
    void aWrongSecretOrATamperedPayloadFailsTheMac() {
        assertEquals(DropReason.BAD_MAC, rejection(signed(valid().build(), new EnvelopeSigner("other".getBytes(StandardCharsets.UTF_8)))));
        SignedEnvelope good = signer.seal(EnvelopeSigner.BATCH, valid().build().toByteArray());
        ReplicationBatch forgedSpan = valid().setSections(0, section(partition, 3, 4, entry(key, KeyStateCodec.proto(state)))).build();
        SignedEnvelope tampered = good.toBuilder().setPayload(forgedSpan.toByteString()).build();
        assertEquals(DropReason.BAD_MAC, rejection(tampered.toByteArray()), "a forged span");
        SignedEnvelope relabelled = good.toBuilder().setKind(EnvelopeSigner.PUSH).build();
        assertFalse(signer.verify(EnvelopeSigner.PUSH, relabelled), "a MAC covers the kind");
        assertTrue(signer.verify(EnvelopeSigner.BATCH, good));
    }

    @Test
    void aBatchWithOneBadSectionIsRefusedWhole() {
        KeyedState good = entry(key, KeyStateCodec.proto(state));
        int other = (partition + 1) % 64;
        assertEquals(DropReason.INVALID, rejection(signed(valid().addSections(section(other, 1, 1, good)).build(), signer)),
                "a key of another partition in a later section");
        assertEquals(DropReason.INVALID, rejection(signed(valid().addSections(section(64, 1, 1)).build(), signer)), "a partition outside Q");
        assertEquals(DropReason.INVALID, rejection(signed(valid().addSections(section(-1, 1, 1)).build(), signer)), "a partition outside Q");
        assertEquals(DropReason.INVALID, rejection(signed(valid().addSections(section(partition, 2, 3, good)).build(), signer)),
                "overlapping spans of one partition");
        assertEquals(DropReason.INVALID, rejection(signed(valid().addSections(section(partition, 1, 5, good)).build(), signer)),
                "a span around an earlier one");
        assertEquals(DropReason.INVALID, rejection(signed(valid().clearSections().build(), signer)), "no section");
    }

    @Test
    void aLateChangeMayFollowLaterOnesWithoutOverlap() throws Rejected {
        KeyedState good = entry(key, KeyStateCodec.proto(state));
        BatchCodec.Received r = codec.decode(signed(valid().addSections(section(partition, 1, 1, good)).build(), signer));
        assertEquals(2, r.sections().size());
    }

    @Test
    void aSectionSpanningNoCounterCarriesChangesThatIssuedNoDot() throws Rejected {
        KeyedState trimmed = entry(key, KeyStateCodec.proto(state));
        BatchCodec.Received r = codec.decode(signed(valid().addSections(section(partition, 0, 0, trimmed)).build(), signer));
        assertEquals(0, r.sections().get(1).first(), "merged without a span: receivers count no counter for it");
        assertEquals(1, r.sections().get(1).entries().size());
    }

    @Test
    void signedButInvalidContentIsRefused() {
        assertEquals(DropReason.INVALID, rejection(signed(valid().setSections(0, section(partition, 0, 3)).build(), signer)));
        assertEquals(DropReason.INVALID, rejection(signed(valid().setSections(0, section(partition, 5, 4)).build(), signer)));
        assertEquals(DropReason.INVALID, rejection(signed(valid().setOrigin(ActorProto.newBuilder().setNodeId("bad id!").build()).build(), signer)));
        assertEquals(DropReason.INVALID, rejection(signed(valid().setSections(0,
                section(partition, 3, 3, entry(new byte[0], KeyStateCodec.proto(state)))).build(), signer)));
        KeyStateProto zeroCounter = KeyStateProto.newBuilder()
                .addSiblings(SiblingProto.newBuilder().setActor(KeyStateCodec.proto(origin)).setCounter(0)).build();
        assertEquals(DropReason.INVALID, rejection(signed(valid().setSections(0, section(partition, 3, 3, entry(key, zeroCounter))).build(), signer)));
        assertEquals(DropReason.INVALID, rejection(signed(valid().setSections(0,
                section(partition, 3, 3, entry(new byte[Limits.DEFAULT.maxKeyBytes() + 1], KeyStateCodec.proto(state)))).build(), signer)));
    }
}
