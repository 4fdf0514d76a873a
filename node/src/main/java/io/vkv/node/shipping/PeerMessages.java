package io.vkv.node.shipping;

import io.vkv.node.metrics.ReplicationStats;
import io.vkv.node.mqtt.Topics;
import io.vkv.node.ring.Ring;
import io.vkv.node.runtime.Clock;
import io.vkv.node.version.Actor;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Sends one gathered message to every peer on its own topic, holding the sections of the partitions that
 * peer replicates (the {@link Ring} decides); peers that replicate the same partitions share one encoding.
 * A peer the broker does not take a message for leaves its partitions to anti-entropy ({@code onLoss}).
 * It keeps, per partition, the highest counter handed to the broker for every peer replicating it: the
 * membership record carries these so receivers can tell when batches stop arriving.
 */
final class PeerMessages {

    private final Actor self;
    private final Ring ring;
    private final Supplier<? extends Collection<String>> peers;
    private final Topics topics;
    private final BatchCodec batches;
    private final ChangeShipper.Publisher publisher;
    private final ReplicationStats stats;
    private final IntConsumer onLoss;
    private final Clock clock;
    private final AtomicLongArray shipped;

    PeerMessages(Actor self, Ring ring, Supplier<? extends Collection<String>> peers, Topics topics, BatchCodec batches,
                 ChangeShipper.Publisher publisher, ReplicationStats stats, IntConsumer onLoss, Clock clock) {
        this.self = self;
        this.ring = ring;
        this.peers = peers;
        this.topics = topics;
        this.batches = batches;
        this.publisher = publisher;
        this.stats = stats;
        this.onLoss = onLoss;
        this.clock = clock;
        this.shipped = new AtomicLongArray(ring.partitioner().partitions());
    }

    /** Per partition, the highest counter whose batch the broker took for every peer replicating it. */
    long[] shipped() {
        long[] out = new long[shipped.length()];
        for (int p = 0; p < out.length; p++) {
            out[p] = shipped.get(p);
        }
        return out;
    }

    /** Sends {@code sections} to the peers; interrupted while publishing, it leaves that peer's partitions to anti-entropy and stops. */
    void send(List<BatchCodec.Section> sections) throws InterruptedException {
        long sentAt = clock.millis();
        Map<BitSet, byte[]> encoded = new HashMap<>();
        Set<Integer> failed = new HashSet<>();
        for (String peer : peers.get()) {
            if (peer.equals(self.nodeId())) {
                continue; // MQTT 3 would echo it back: a node never addresses itself
            }
            BitSet chosen = new BitSet(sections.size());
            int keys = 0;
            for (int i = 0; i < sections.size(); i++) {
                if (ring.replicates(peer, sections.get(i).partition())) {
                    chosen.set(i);
                    keys += sections.get(i).entries().size();
                }
            }
            if (chosen.isEmpty()) {
                continue;
            }
            byte[] payload = encoded.computeIfAbsent(chosen, c -> batches.encode(self, sentAt, c.stream().mapToObj(sections::get).toList()));
            boolean sent = false;
            try {
                sent = publisher.publish(topics.changes(peer, self.nodeId()), payload);
            } finally {
                if (sent) {
                    stats.recordPublished(keys, payload.length);
                } else {
                    stats.recordPublishFailure();
                    chosen.stream().map(i -> sections.get(i).partition()).distinct().forEach(p -> {
                        failed.add(p);
                        onLoss.accept(p);
                    });
                }
            }
        }
        for (BatchCodec.Section section : sections) {
            if (!failed.contains(section.partition())) {
                shipped.accumulateAndGet(section.partition(), section.last(), Math::max);
            }
        }
    }
}
