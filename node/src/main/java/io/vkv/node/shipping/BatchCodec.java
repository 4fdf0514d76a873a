package io.vkv.node.shipping;

import com.google.protobuf.CodedOutputStream;
import io.vkv.node.metrics.DropReason;
import io.vkv.node.mqtt.EnvelopeSigner;
import io.vkv.node.mqtt.Rejected;
import io.vkv.node.ring.KeyPartitioner;
import io.vkv.node.storage.KeyStateCodec;
import io.vkv.node.storage.Limits;
import io.vkv.node.version.Actor;
import io.vkv.node.version.KeyState;
import io.vkv.proto.internal.ActorProto;
import io.vkv.proto.internal.KeyedState;
import io.vkv.proto.internal.ReplicationBatch;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Encodes replication batches into signed envelopes and decodes received ones, checking
 * everything: envelope, cluster, HMAC, partition, span, keys and states. A rejected message
 * throws {@link Rejected} naming the {@link DropReason}.
 */
public final class BatchCodec {

    /** A batch that passed every check. */
    record Received(Actor origin, int partition, long first, long last, long sentAtMillis, List<Entry> entries) {
    }

    /** One key of a received batch, with its decoded state. */
    record Entry(byte[] key, KeyState state) {
    }

    /** Why a message was not accepted. */
    private final String cluster;
    private final EnvelopeSigner signer;
    private final KeyStateCodec codec;
    private final KeyPartitioner partitioner;
    private final Limits limits;

    public BatchCodec(String cluster, EnvelopeSigner signer, KeyStateCodec codec, KeyPartitioner partitioner, Limits limits) {
        this.cluster = cluster;
        this.signer = signer;
        this.codec = codec;
        this.partitioner = partitioner;
        this.limits = limits;
    }

    /**
     * The signed payload of a batch whose entries are already encoded {@code KeyedState}s
     * ({@link io.vkv.node.storage.KeyStateWriter#keyed}), written straight into the envelope.
     */
    public byte[] encode(Actor origin, int partition, long first, long last, long sentAtMillis, Collection<byte[]> entries) {
        ActorProto o = KeyStateCodec.proto(origin);
        int size = CodedOutputStream.computeStringSize(ReplicationBatch.CLUSTER_FIELD_NUMBER, cluster)
                + CodedOutputStream.computeMessageSize(ReplicationBatch.ORIGIN_FIELD_NUMBER, o)
                + CodedOutputStream.computeUInt32Size(ReplicationBatch.PARTITION_FIELD_NUMBER, partition)
                + CodedOutputStream.computeUInt64Size(ReplicationBatch.FIRST_COUNTER_FIELD_NUMBER, first)
                + CodedOutputStream.computeUInt64Size(ReplicationBatch.LAST_COUNTER_FIELD_NUMBER, last)
                + CodedOutputStream.computeInt64Size(ReplicationBatch.SENT_AT_MILLIS_FIELD_NUMBER, sentAtMillis);
        for (byte[] e : entries) {
            size += CodedOutputStream.computeByteArraySize(ReplicationBatch.ENTRIES_FIELD_NUMBER, e);
        }
        return signer.seal(EnvelopeSigner.BATCH, size, out -> {
            out.writeString(ReplicationBatch.CLUSTER_FIELD_NUMBER, cluster);
            out.writeMessage(ReplicationBatch.ORIGIN_FIELD_NUMBER, o);
            out.writeUInt32(ReplicationBatch.PARTITION_FIELD_NUMBER, partition);
            out.writeUInt64(ReplicationBatch.FIRST_COUNTER_FIELD_NUMBER, first);
            out.writeUInt64(ReplicationBatch.LAST_COUNTER_FIELD_NUMBER, last);
            out.writeInt64(ReplicationBatch.SENT_AT_MILLIS_FIELD_NUMBER, sentAtMillis);
            for (byte[] e : entries) {
                out.writeByteArray(ReplicationBatch.ENTRIES_FIELD_NUMBER, e); // same bytes as an embedded message
            }
        });
    }

    /** Decodes and checks a payload received on the topic of {@code topicPartition}. */
    Received decode(int topicPartition, byte[] payload) throws Rejected {
        return validate(topicPartition, open(payload));
    }

    /** Parses a payload and checks its envelope, cluster and HMAC, leaving the content unchecked. */
    ReplicationBatch open(byte[] payload) throws Rejected {
        return signer.open(EnvelopeSigner.BATCH, "replication batch", cluster, payload, ReplicationBatch.parser(), ReplicationBatch::getCluster);
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
            origin = codec.actor(batch.getOrigin());
        } catch (IllegalArgumentException e) {
            throw new Rejected(DropReason.INVALID, "batch origin: " + e.getMessage());
        }
        List<Entry> entries = new ArrayList<>(batch.getEntriesCount());
        for (KeyedState ks : batch.getEntriesList()) {
            byte[] key = ks.getKey().toByteArray();
            if (!limits.allowsKeyOf(key.length)) {
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
}
