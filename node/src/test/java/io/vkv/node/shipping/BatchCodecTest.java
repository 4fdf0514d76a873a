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
import io.vkv.node.ring.KeyPartitioner;
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
import io.vkv.proto.internal.ReplicationBatch;
import io.vkv.proto.internal.SiblingProto;
import io.vkv.proto.internal.SignedEnvelope;
import java.nio.charset.StandardCharsets;
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

    private ReplicationBatch.Builder valid() {
        return ReplicationBatch.newBuilder().setCluster("c1").setOrigin(KeyStateCodec.proto(origin)).setPartition(partition)
                .setFirstCounter(3).setLastCounter(3).setSentAtMillis(99).addEntries(entry(key, KeyStateCodec.proto(state)));
    }

    private DropReason rejection(int topicPartition, byte[] payload) {
        return assertThrows(Rejected.class, () -> codec.decode(topicPartition, payload)).reason();
    }

    @Test
    void aBatchRoundTrips() throws Rejected {
        byte[] payload = codec.encode(origin, partition, 3, 3, 99, List.of(KeyStateWriter.keyed(key, state)));
        BatchCodec.Received r = codec.decode(partition, payload);
        assertEquals(origin, r.origin());
        assertEquals(3, r.first());
        assertEquals(3, r.last());
        assertEquals(99, r.sentAtMillis());
        assertArrayEquals(key, r.entries().get(0).key());
        assertEquals(state, r.entries().get(0).state());
    }

    @Test
    void garbageAndEnvelopesOfAnotherKindAreMalformed() {
        assertEquals(DropReason.MALFORMED, rejection(partition, "\u0008\u00ff\u00ff garbage".getBytes(StandardCharsets.ISO_8859_1)));
        byte[] member = signer.seal(EnvelopeSigner.MEMBER, valid().build().toByteArray()).toByteArray();
        assertEquals(DropReason.MALFORMED, rejection(partition, member));
    }

    @Test
    void aBatchOfAnotherClusterIsRefusedAsSuch() {
        assertEquals(DropReason.WRONG_CLUSTER, rejection(partition, signed(valid().setCluster("c2").build(), signer)));
    }

    @Test
    void aWrongSecretOrATamperedPayloadFailsTheMac() {
        assertEquals(DropReason.BAD_MAC, rejection(partition, signed(valid().build(), new EnvelopeSigner("other".getBytes(StandardCharsets.UTF_8)))));
        SignedEnvelope good = signer.seal(EnvelopeSigner.BATCH, valid().build().toByteArray());
        SignedEnvelope tampered = good.toBuilder().setPayload(valid().setLastCounter(4).build().toByteString()).build();
        assertEquals(DropReason.BAD_MAC, rejection(partition, tampered.toByteArray()));
        SignedEnvelope relabelled = good.toBuilder().setKind(EnvelopeSigner.PUSH).build();
        assertFalse(signer.verify(EnvelopeSigner.PUSH, relabelled), "a MAC covers the kind");
        assertTrue(signer.verify(EnvelopeSigner.BATCH, good));
    }

    @Test
    void signedButInvalidContentIsRefused() {
        int other = (partition + 1) % 64;
        assertEquals(DropReason.INVALID, rejection(other, signed(valid().build(), signer)), "topic and batch disagree");
        assertEquals(DropReason.INVALID, rejection(other, signed(valid().setPartition(other).build(), signer)), "key of another partition");
        assertEquals(DropReason.INVALID, rejection(partition, signed(valid().setFirstCounter(0).build(), signer)));
        assertEquals(DropReason.INVALID, rejection(partition, signed(valid().setFirstCounter(5).setLastCounter(4).build(), signer)));
        assertEquals(DropReason.INVALID, rejection(partition,
                signed(valid().setOrigin(ActorProto.newBuilder().setNodeId("bad id!").build()).build(), signer)));
        assertEquals(DropReason.INVALID, rejection(partition,
                signed(valid().clearEntries().addEntries(entry(new byte[0], KeyStateCodec.proto(state))).build(), signer)));
        KeyStateProto zeroCounter = KeyStateProto.newBuilder()
                .addSiblings(SiblingProto.newBuilder().setActor(KeyStateCodec.proto(origin)).setCounter(0)).build();
        assertEquals(DropReason.INVALID, rejection(partition, signed(valid().clearEntries().addEntries(entry(key, zeroCounter)).build(), signer)));
        assertEquals(DropReason.INVALID, rejection(partition,
                signed(valid().clearEntries().addEntries(entry(new byte[Limits.DEFAULT.maxKeyBytes() + 1], KeyStateCodec.proto(state))).build(), signer)));
    }
}
