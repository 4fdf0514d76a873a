package io.vkv.node.replication;

import com.google.protobuf.InvalidProtocolBufferException;
import io.vkv.node.ring.KeyPartitioner;
import io.vkv.node.storage.KeyStateCodec;
import io.vkv.node.storage.Limits;
import io.vkv.node.version.Actor;
import io.vkv.node.version.KeyState;
import io.vkv.proto.internal.ActorProto;
import io.vkv.proto.internal.KeyedState;
import io.vkv.proto.internal.ReplicationBatch;
import io.vkv.proto.internal.SignedEnvelope;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes replication batches into signed envelopes and decodes received ones, checking
 * everything: envelope, cluster, HMAC, partition, span, keys and states. A rejected message
 * throws {@link Rejected} naming the {@link DropReason}.
 */
final class BatchCodec {

    /** A batch that passed every check. */
    record Received(Actor origin, int partition, long first, long last, long sentAtMillis, List<Entry> entries) {
    }

    /** One key of a received batch, with its decoded state. */
    record Entry(byte[] key, KeyState state) {
    }

    /** Why a message was not accepted. */
    static final class Rejected extends Exception {
        private final DropReason reason;

        Rejected(DropReason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }

        DropReason reason() {
            return reason;
        }
    }

    private final String cluster;
    private final EnvelopeSigner signer;
    private final KeyStateCodec codec;
    private final KeyPartitioner partitioner;
    private final Limits limits;

    BatchCodec(String cluster, EnvelopeSigner signer, KeyStateCodec codec, KeyPartitioner partitioner, Limits limits) {
        this.cluster = cluster;
        this.signer = signer;
        this.codec = codec;
        this.partitioner = partitioner;
        this.limits = limits;
    }

    /** The signed payload of a batch (entries already encoded). */
    byte[] encode(Actor origin, int partition, long first, long last, long sentAtMillis, Iterable<KeyedState> entries) {
        ReplicationBatch batch = ReplicationBatch.newBuilder()
                .setCluster(cluster)
                .setOrigin(actor(origin))
                .setPartition(partition)
                .setFirstCounter(first)
                .setLastCounter(last)
                .setSentAtMillis(sentAtMillis)
                .addAllEntries(entries)
                .build();
        return signer.seal(EnvelopeSigner.BATCH, batch.toByteArray()).toByteArray();
    }

    /** Decodes and checks a payload received on the topic of {@code topicPartition}. */
    Received decode(int topicPartition, byte[] payload) throws Rejected {
        return validate(topicPartition, open(payload));
    }

    /** Parses a payload and checks its envelope, cluster and HMAC, leaving the content unchecked. */
    ReplicationBatch open(byte[] payload) throws Rejected {
        SignedEnvelope envelope;
        ReplicationBatch batch;
        try {
            envelope = SignedEnvelope.parseFrom(payload);
            batch = ReplicationBatch.parseFrom(envelope.getPayload());
        } catch (InvalidProtocolBufferException e) {
            throw new Rejected(DropReason.MALFORMED, "not a signed replication batch: " + e.getMessage());
        }
        if (!EnvelopeSigner.BATCH.equals(envelope.getKind())) {
            throw new Rejected(DropReason.MALFORMED, "envelope of kind '" + envelope.getKind() + "' on a partition topic");
        }
        if (!cluster.equals(batch.getCluster())) {
            throw new Rejected(DropReason.WRONG_CLUSTER, "batch of cluster '" + batch.getCluster() + "'");
        }
        if (!signer.verify(EnvelopeSigner.BATCH, envelope)) {
            throw new Rejected(DropReason.BAD_MAC, "batch signature does not match the cluster secret");
        }
        return batch;
    }

    /** Checks the content of an opened batch received on the topic of {@code topicPartition}. */
    Received validate(int topicPartition, ReplicationBatch batch) throws Rejected {
        if (batch.getPartition() != topicPartition) {
            throw new Rejected(DropReason.INVALID, "batch of partition " + batch.getPartition() + " on the topic of " + topicPartition);
        }
        long first = batch.getFirstCounter();
        long last = batch.getLastCounter();
        if (first < 1 || last < first) {
            throw new Rejected(DropReason.INVALID, "batch spans counters [" + first + ", " + last + "]");
        }
        Actor origin;
        try {
            origin = new Actor(batch.getOrigin().getNodeId(), batch.getOrigin().getIncarnation());
        } catch (IllegalArgumentException e) {
            throw new Rejected(DropReason.INVALID, "batch origin: " + e.getMessage());
        }
        List<Entry> entries = new ArrayList<>(batch.getEntriesCount());
        for (KeyedState ks : batch.getEntriesList()) {
            byte[] key = ks.getKey().toByteArray();
            if (key.length == 0 || key.length > limits.maxKeyBytes()) {
                throw new Rejected(DropReason.INVALID, "batch holds a key of " + key.length + " bytes");
            }
            if (partitioner.partitionOf(key) != topicPartition) {
                throw new Rejected(DropReason.INVALID, "batch of partition " + topicPartition + " holds a key of partition " + partitioner.partitionOf(key));
            }
            try {
                entries.add(new Entry(key, codec.decode(ks.getState())));
            } catch (IllegalArgumentException e) {
                throw new Rejected(DropReason.INVALID, "batch holds an invalid state: " + e.getMessage());
            }
        }
        return new Received(origin, topicPartition, first, last, batch.getSentAtMillis(), entries);
    }

    static ActorProto actor(Actor a) {
        return ActorProto.newBuilder().setNodeId(a.nodeId()).setIncarnation(a.incarnation()).build();
    }
}
