package io.vkv.node.shipping;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.vkv.node.metrics.DropReason;
import io.vkv.node.mqtt.EnvelopeSigner;
import io.vkv.node.mqtt.Rejected;
import io.vkv.placement.KeyPartitioner;
import io.vkv.node.storage.KeyStateCodec;
import io.vkv.node.storage.Limits;
import io.vkv.node.version.Actor;
import io.vkv.node.version.KeyState;
import io.vkv.proto.internal.ActorProto;
import io.vkv.proto.internal.KeyedState;
import io.vkv.proto.internal.PartitionSection;
import io.vkv.proto.internal.ReplicationBatch;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Encodes replication batches (one origin's changes for one receiver, in sections per partition) into
 * signed envelopes and decodes received ones, checking everything before anything is applied: envelope,
 * cluster, HMAC, origin, and every section's partition, span, keys and states. A rejected message throws
 * {@link Rejected} naming the {@link DropReason}; it is never half-applied.
 */
public final class BatchCodec {

    /** One partition's part of a batch to send: its counter span and its entries, already encoded {@code KeyedState}s. */
    public record Section(int partition, long first, long last, Collection<byte[]> entries) {
    }

    /** A batch that passed every check. */
    record Received(Actor origin, long sentAtMillis, List<ReceivedSection> sections) {

        int keys() {
            int n = 0;
            for (ReceivedSection s : sections) {
                n += s.entries().size();
            }
            return n;
        }
    }

    /** One partition's part of a received batch. */
    record ReceivedSection(int partition, long first, long last, List<Entry> entries) {
    }

    /** One key of a received batch, with its decoded state. */
    record Entry(byte[] key, KeyState state) {
    }

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

    /** The signed payload of a batch of {@code sections}, written straight into the envelope. */
    public byte[] encode(Actor origin, long sentAtMillis, List<Section> sections) {
        ActorProto o = KeyStateCodec.proto(origin);
        int[] sectionSizes = new int[sections.size()];
        int size = CodedOutputStream.computeStringSize(ReplicationBatch.CLUSTER_FIELD_NUMBER, cluster)
                + CodedOutputStream.computeMessageSize(ReplicationBatch.ORIGIN_FIELD_NUMBER, o)
                + CodedOutputStream.computeInt64Size(ReplicationBatch.SENT_AT_MILLIS_FIELD_NUMBER, sentAtMillis);
        for (int i = 0; i < sections.size(); i++) {
            sectionSizes[i] = sectionSize(sections.get(i));
            size += CodedOutputStream.computeTagSize(ReplicationBatch.SECTIONS_FIELD_NUMBER)
                    + CodedOutputStream.computeUInt32SizeNoTag(sectionSizes[i]) + sectionSizes[i];
        }
        return signer.seal(EnvelopeSigner.BATCH, size, out -> {
            out.writeString(ReplicationBatch.CLUSTER_FIELD_NUMBER, cluster);
            out.writeMessage(ReplicationBatch.ORIGIN_FIELD_NUMBER, o);
            out.writeInt64(ReplicationBatch.SENT_AT_MILLIS_FIELD_NUMBER, sentAtMillis);
            for (int i = 0; i < sections.size(); i++) {
                out.writeTag(ReplicationBatch.SECTIONS_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                out.writeUInt32NoTag(sectionSizes[i]);
                writeSection(out, sections.get(i));
            }
        });
    }

    private static int sectionSize(Section s) {
        int size = CodedOutputStream.computeUInt32Size(PartitionSection.PARTITION_FIELD_NUMBER, s.partition())
                + CodedOutputStream.computeUInt64Size(PartitionSection.FIRST_COUNTER_FIELD_NUMBER, s.first())
                + CodedOutputStream.computeUInt64Size(PartitionSection.LAST_COUNTER_FIELD_NUMBER, s.last());
        for (byte[] e : s.entries()) {
            size += CodedOutputStream.computeByteArraySize(PartitionSection.ENTRIES_FIELD_NUMBER, e);
        }
        return size;
    }

    private static void writeSection(CodedOutputStream out, Section s) throws IOException {
        out.writeUInt32(PartitionSection.PARTITION_FIELD_NUMBER, s.partition());
        out.writeUInt64(PartitionSection.FIRST_COUNTER_FIELD_NUMBER, s.first());
        out.writeUInt64(PartitionSection.LAST_COUNTER_FIELD_NUMBER, s.last());
        for (byte[] e : s.entries()) {
            out.writeByteArray(PartitionSection.ENTRIES_FIELD_NUMBER, e); // same bytes as an embedded message
        }
    }

    /** Decodes and checks a received payload. */
    Received decode(byte[] payload) throws Rejected {
        return validate(open(payload));
    }

    /** Parses a payload and checks its envelope, cluster and HMAC, leaving the content unchecked. */
    ReplicationBatch open(byte[] payload) throws Rejected {
        return signer.open(EnvelopeSigner.BATCH, "replication batch", cluster, payload, ReplicationBatch.parser(), ReplicationBatch::getCluster);
    }

    /**
     * Checks the whole content of an opened batch: a bad section (a partition outside Q, a span that is
     * empty or backwards or overlaps another section of its partition (a late change may follow later
     * ones, but no counter is shipped twice in a batch), a key that is not of its
     * partition, a state that does not decode) rejects the batch before any of it is applied.
     */
    Received validate(ReplicationBatch batch) throws Rejected {
        Actor origin;
        try {
            origin = codec.actor(batch.getOrigin());
        } catch (IllegalArgumentException e) {
            throw new Rejected(DropReason.INVALID, "batch origin: " + e.getMessage());
        }
        if (batch.getSectionsCount() == 0) {
            throw new Rejected(DropReason.INVALID, "batch holds no section");
        }
        Map<Integer, TreeMap<Long, Long>> spansOf = new HashMap<>(); // per partition, first -> last of its sections
        List<ReceivedSection> sections = new ArrayList<>(batch.getSectionsCount());
        for (PartitionSection s : batch.getSectionsList()) {
            int partition = s.getPartition();
            if (partition < 0 || partition >= partitioner.partitions()) {
                throw new Rejected(DropReason.INVALID, "batch section of partition " + Integer.toUnsignedString(partition)
                        + "; the cluster has " + partitioner.partitions());
            }
            long first = s.getFirstCounter();
            long last = s.getLastCounter();
            if (first == 0 && last == 0) { // changes that issued no dot (trims): merged, not counted
                sections.add(new ReceivedSection(partition, 0, 0, entries(partition, s)));
                continue;
            }
            if (first < 1 || last < first) {
                throw new Rejected(DropReason.INVALID, "batch section of partition " + partition + " spans counters ["
                        + Long.toUnsignedString(first) + ", " + Long.toUnsignedString(last) + "]");
            }
            TreeMap<Long, Long> spans = spansOf.computeIfAbsent(partition, k -> new TreeMap<>());
            Map.Entry<Long, Long> below = spans.floorEntry(last);
            if (below != null && below.getValue() >= first) {
                throw new Rejected(DropReason.INVALID, "batch sections of partition " + partition + " overlap: ["
                        + first + ", " + last + "] and [" + below.getKey() + ", " + below.getValue() + "]");
            }
            spans.put(first, last);
            sections.add(new ReceivedSection(partition, first, last, entries(partition, s)));
        }
        return new Received(origin, batch.getSentAtMillis(), sections);
    }

    private List<Entry> entries(int partition, PartitionSection section) throws Rejected {
        List<Entry> entries = new ArrayList<>(section.getEntriesCount());
        for (KeyedState ks : section.getEntriesList()) {
            byte[] key = ks.getKey().toByteArray();
            if (!limits.allowsKeyOf(key.length)) {
                throw new Rejected(DropReason.INVALID, "batch holds a key of " + key.length + " bytes");
            }
            if (partitioner.partitionOf(key) != partition) {
                throw new Rejected(DropReason.INVALID, "batch section of partition " + partition + " holds a key of partition "
                        + partitioner.partitionOf(key));
            }
            try {
                entries.add(new Entry(key, codec.decode(ks.getState())));
            } catch (IllegalArgumentException e) {
                throw new Rejected(DropReason.INVALID, "batch holds an invalid state: " + e.getMessage());
            }
        }
        return entries;
    }
}
