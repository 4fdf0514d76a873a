package io.vkv.node.replication;

import io.vkv.node.antientropy.AntiEntropyScheduler;
import io.vkv.node.membership.Membership;
import io.vkv.node.ring.CurrentRing;
import io.vkv.node.runtime.Clock;
import io.vkv.node.storage.DurableStore;
import io.vkv.proto.internal.MemberRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves this node's share of the ring: a joining node pulls its future partitions and then serves them, and
 * partitions the ring moved away are handed to their new holders and then dropped. Driven by ring changes,
 * completed anti-entropy exchanges and the heartbeat (on which {@link #tick} runs).
 */
final class RingTransitions {

    private static final Logger LOG = LoggerFactory.getLogger(RingTransitions.class);
    private static final long ASK_AGAIN_MILLIS = 2_000;

    private final String self;
    private final CurrentRing ring;
    private final Membership membership;
    private final AntiEntropyScheduler scheduler;
    private final DurableStore store;
    private final Predicate<String> up;
    private final Clock clock;
    private final long graceMillis;
    private final Runnable announce;
    private final PartitionRelease release = new PartitionRelease();
    private volatile JoinProgress join;
    private volatile CompletableFuture<Void> leaving; // completes once every partition is handed off
    private volatile long joinedAtMillis;
    private boolean waitingLogged; // heartbeat thread only
    private final Map<String, Long> askedAt = new HashMap<>(); // heartbeat thread only: peer -> when its exchange was last asked for

    /**
     * Transitions of node {@code self} on {@code ring}, asking {@code scheduler} for exchanges with peers {@code up}
     * says are reachable; {@code graceMillis} is how long peers take to hear a record; {@code announce} publishes
     * this node's record.
     */
    RingTransitions(String self, CurrentRing ring, Membership membership, AntiEntropyScheduler scheduler, DurableStore store,
                    Predicate<String> up, Clock clock, long graceMillis, Runnable announce) {
        this.self = self;
        this.ring = ring;
        this.membership = membership;
        this.scheduler = scheduler;
        this.store = store;
        this.up = up;
        this.clock = clock;
        this.graceMillis = graceMillis;
        this.announce = announce;
        scheduler.onSynced(this::exchanged);
    }

    /** Takes {@code token} as a joining node: it serves nothing until it has pulled its partitions. */
    void beginJoin(long token, boolean chosen) {
        joinedAtMillis = clock.millis();
        join = new JoinProgress(self, joinedAtMillis + graceMillis);
        membership.role(MemberRecord.Role.JOINING);
        membership.holdToken(token, chosen);
        LOG.info("{} joins the ring at token {}: it pulls its partitions before it serves them", self, Long.toUnsignedString(token));
    }

    /**
     * Starts leaving: every partition this node serves is to be handed to the nodes that replicate it without this
     * one. Returns how many, and a future that completes once each of them has pulled it; the node serves meanwhile.
     */
    Leave beginLeave() {
        membership.role(MemberRecord.Role.LEAVING);
        long from = clock.millis() + graceMillis;
        int count = 0;
        for (int p = 0; p < ring.partitioner().partitions(); p++) {
            if (ring.snapshot().replicates(self, p)) {
                release.moved(p, ring.future().replicas(p), from);
                count++;
            }
        }
        leaving = new CompletableFuture<>();
        LOG.info("{} leaves the ring: it hands {} partitions to the nodes that replicate them without it", self, count);
        return new Leave(count, leaving);
    }

    /** The members, tokens or roles changed: partitions waiting to be released wait for the holders the ring has now. */
    void ringChanged() {
        release.retarget(p -> leaving != null ? ring.future().replicas(p) : ring.holders().replicas(p));
    }

    /** The partitions this node holds changed from {@code before} to {@code now}. */
    void held(BitSet before, BitSet now) {
        if (leaving != null) {
            return; // every partition is on its way out already
        }
        long at = clock.millis();
        for (int p = 0; p < ring.partitioner().partitions(); p++) {
            if (before.get(p) && !now.get(p)) {
                release.moved(p, ring.holders().replicas(p), at);
            } else if (now.get(p)) {
                release.kept(p);
            }
        }
    }

    private void exchanged(String peer, BitSet parts, long startedMillis) {
        JoinProgress j = join;
        if (j != null) {
            j.exchanged(peer, parts, startedMillis);
        }
        release.exchanged(peer, parts, startedMillis);
    }

    /** Advances the join and the releases: asks for the exchanges they lack, and acts on what is complete. */
    void tick() {
        JoinProgress j = join;
        if (j != null && clock.millis() >= joinedAtMillis + graceMillis) {
            advanceJoin(j);
        }
        for (Map.Entry<String, BitSet> e : release.toExchange(up).entrySet()) {
            ask(e.getKey(), e.getValue(), "handing off partitions the ring moved");
        }
        BitSet done = release.released();
        CompletableFuture<Void> leave = leaving;
        if (leave != null) {
            if (release.pending() == 0 && !leave.isDone()) {
                LOG.info("{} handed off every partition", self);
                leave.complete(null); // the data goes with the node, which still serves until it stops
            }
            return;
        }
        for (int p = done.nextSetBit(0); p >= 0; p = done.nextSetBit(p + 1)) {
            try {
                long dropped = store.dropPartition(p);
                LOG.info("{} handed off partition {} to {} and dropped its {} keys", self, p, ring.holders().replicas(p), dropped);
            } catch (IOException e) {
                LOG.warn("{} could not drop partition {}: {}; it keeps the keys", self, p, e.toString());
            }
        }
    }

    private void advanceJoin(JoinProgress j) {
        Map<String, BitSet> missing = j.missing(ring, up);
        BitSet waiting = j.waiting(ring, up);
        if (missing.isEmpty() && waiting.isEmpty()) {
            finishJoin();
            return;
        }
        for (Map.Entry<String, BitSet> e : missing.entrySet()) {
            ask(e.getKey(), e.getValue(), "joining");
        }
        if (!waiting.isEmpty() && !waitingLogged) {
            waitingLogged = true;
            LOG.warn("{} is joining but no replica of partitions {} is up to pull them from; it waits", self, waiting);
        }
    }

    /** Asks for an exchange unless one was asked for lately: a large exchange takes a while, and asking again would repeat it. */
    private void ask(String peer, BitSet parts, String why) {
        long now = clock.millis();
        Long last = askedAt.get(peer);
        if (last == null || now - last >= ASK_AGAIN_MILLIS) {
            askedAt.put(peer, now);
            scheduler.requestExchange(peer, parts, why);
        }
    }

    private void finishJoin() {
        Long token = membership.token();
        if (token == null) {
            return; // gave the token up to another joiner: the next join starts over
        }
        try {
            store.saveRingToken(token);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep ring token " + Long.toUnsignedString(token) + " in " + store.dataDir(), e);
        }
        join = null;
        membership.role(MemberRecord.Role.MEMBER);
        announce.run();
        LOG.info("{} pulled its partitions in {} ms and serves them now", self, clock.millis() - joinedAtMillis);
    }

    /** True while this node is joining. */
    boolean joining() {
        return join != null;
    }

    /** Partitions the ring moved away that are not yet handed off. */
    int releasing() {
        return release.pending();
    }
}
