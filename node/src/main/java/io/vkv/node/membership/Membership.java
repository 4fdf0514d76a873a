package io.vkv.node.membership;

import io.vkv.node.metrics.DropReason;
import io.vkv.node.metrics.DropReporter;
import io.vkv.node.metrics.ReplicationStats;
import io.vkv.node.mqtt.EnvelopeSigner;
import io.vkv.node.mqtt.Rejected;
import io.vkv.node.runtime.Clock;
import io.vkv.node.storage.KeyStateCodec;
import io.vkv.node.version.Actor;
import io.vkv.proto.internal.MemberRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster membership from retained records on {@code vkv/<cluster>/members/<id>}: builds this
 * node's signed record (UP, or DOWN for its Last Will and farewell), tracks every other member's
 * record and when it was last heard from, and tells {@code peerUp} when a peer comes up (or comes
 * back as a new incarnation) so anti-entropy can run with it.
 */
public final class Membership implements ClusterView {

    /** A member that anti-entropy can talk to. */
    public record Peer(String nodeId, String address) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(Membership.class);
    private static final int MAX_ADDRESS_CHARS = 255;
    private static final long TWIN_LOGGED = Long.MAX_VALUE;

    private static final class Member {
        volatile Actor actor;
        volatile String address = "";
        volatile boolean up;
        volatile long lastSeenMillis;
        volatile long lagMillis;
        volatile boolean stalled;
    }

    private final Clock clock;
    private final String cluster;
    private final Actor self;
    private final EnvelopeSigner signer;
    private final ReplicationStats stats;
    private final DropReporter drops;
    private final long silentAfterMillis;
    private final int partitions;
    private final Consumer<String> peerUp;
    private final Map<String, Member> members = new ConcurrentHashMap<>();
    private final Set<String> mismatched = ConcurrentHashMap.newKeySet(); // members refused for their partition count, logged once
    private final Map<Long, Long> twins = new ConcurrentHashMap<>(); // other incarnations under this id: first record's time, or TWIN_LOGGED
    private volatile String selfAddress = "";

    public Membership(String cluster, int partitions, Actor self, EnvelopeSigner signer, ReplicationStats stats, DropReporter drops,
               long heartbeatMillis, Consumer<String> peerUp, Clock clock) {
        this.partitions = partitions;
        this.clock = clock;
        this.cluster = cluster;
        this.self = self;
        this.signer = signer;
        this.stats = stats;
        this.drops = drops;
        this.silentAfterMillis = 3 * heartbeatMillis;
        this.peerUp = peerUp;
    }

    /** Sets the gRPC address this node advertises. */
    public void advertise(String address) {
        this.selfAddress = address;
    }

    /** This node's signed record with status up or down, without shipped counters (its Will, its farewell). */
    public byte[] record(boolean up) {
        return record(up, new long[0]);
    }

    /** This node's signed record, saying up to which counter of each partition it shipped batches. */
    public byte[] record(boolean up, long[] shipped) {
        MemberRecord.Builder r = MemberRecord.newBuilder()
                .setCluster(cluster)
                .setActor(KeyStateCodec.proto(self))
                .setGrpcAddress(selfAddress)
                .setStatus(up ? MemberRecord.Status.UP : MemberRecord.Status.DOWN)
                .setUpdatedAtMillis(clock.millis())
                .setPartitions(partitions);
        for (long c : shipped) {
            r.addShipped(c);
        }
        return signer.seal(EnvelopeSigner.MEMBER, r.build().toByteArray()).toByteArray();
    }

    /**
     * A message on the membership topic of {@code nodeId}; an empty payload clears the member. Returns
     * the record when it is a valid one of another member, else null (dropped, cleared, or this node's).
     */
    public MemberRecord onRecord(String nodeId, byte[] payload) {
        stats.recordReceived();
        if (payload.length == 0) {
            if (members.remove(nodeId) != null) {
                LOG.info("member {} left the cluster", nodeId);
            }
            return null;
        }
        MemberRecord r;
        try {
            r = signer.open(EnvelopeSigner.MEMBER, "member record", cluster, payload, MemberRecord.parser(), MemberRecord::getCluster);
        } catch (Rejected e) {
            drop(nodeId, e.reason(), e.getMessage());
            return null;
        }
        if (!nodeId.equals(r.getActor().getNodeId()) || !Actor.isValidNodeId(nodeId)
                || r.getGrpcAddress().length() > MAX_ADDRESS_CHARS
                || (r.getStatus() != MemberRecord.Status.UP && r.getStatus() != MemberRecord.Status.DOWN)) {
            drop(nodeId, DropReason.INVALID, "record names node '" + r.getActor().getNodeId() + "', status " + r.getStatus());
            return null;
        }
        if (r.getPartitions() != 0 && r.getPartitions() != partitions) {
            refuseMismatch(nodeId, r.getPartitions());
            return null;
        }
        if (r.getShippedCount() != 0 && r.getShippedCount() != partitions) {
            drop(nodeId, DropReason.INVALID, "record carries " + r.getShippedCount() + " shipped counters for " + partitions + " partitions");
            return null;
        }
        if (nodeId.equals(self.nodeId())) {
            refuseIfAnotherNode(r);
            return null; // our own record (or a Will of an earlier connection): we know better
        }
        apply(nodeId, r);
        return r;
    }

    private void apply(String nodeId, MemberRecord r) {
        Actor actor = new Actor(nodeId, r.getActor().getIncarnation());
        boolean up = r.getStatus() == MemberRecord.Status.UP;
        Member m = members.computeIfAbsent(nodeId, id -> new Member());
        boolean cameUp;
        synchronized (m) {
            cameUp = up && (!m.up || !actor.equals(m.actor));
            boolean wentDown = !up && m.up;
            m.actor = actor;
            m.address = r.getGrpcAddress();
            m.up = up;
            m.lastSeenMillis = Math.max(m.lastSeenMillis, Math.min(clock.millis(), r.getUpdatedAtMillis()));
            if (wentDown) {
                LOG.info("member {} is down", actor);
            }
        }
        if (cameUp) {
            LOG.info("member {} is up at {}", actor, r.getGrpcAddress());
            peerUp.accept(nodeId);
        }
    }

    /**
     * Up records under this node's id from another actor at another address, heartbeating (a second one
     * newer than the first), are a second node started with the same id: the two would take each other's
     * broker session. The retained record of this node's own previous run is one record, never renewed.
     */
    private void refuseIfAnotherNode(MemberRecord r) {
        long incarnation = r.getActor().getIncarnation();
        if (incarnation == self.incarnation() || r.getStatus() != MemberRecord.Status.UP || r.getGrpcAddress().equals(selfAddress)) {
            return;
        }
        Long firstSeen = twins.putIfAbsent(incarnation, r.getUpdatedAtMillis());
        boolean renewed = firstSeen != null && (firstSeen == TWIN_LOGGED || r.getUpdatedAtMillis() > firstSeen);
        if (!renewed) {
            return; // one record so far: it may be a stale one of this node's previous run
        }
        String why = "another node runs as " + self.nodeId() + " (incarnation " + Long.toHexString(incarnation) + " at "
                + r.getGrpcAddress() + "); node ids must be unique in a cluster: stop one, or give it another node.id";
        if (twins.put(incarnation, TWIN_LOGGED) != TWIN_LOGGED) {
            LOG.error("{}", why);
        }
        drop(self.nodeId(), DropReason.INVALID, why);
    }

    /** A member that splits the key space differently would misplace every change: it is not one of ours. */
    private void refuseMismatch(String nodeId, int theirs) {
        // Both sides log this, so the message names no culprit: the node that joined last is the one to restart.
        String why = "it runs with " + theirs + " partitions and this node with " + partitions
                + "; a cluster's partition count is fixed when it is created: restart whichever of the two joined last"
                + " with the partitions setting of the others";
        if (mismatched.add(nodeId)) {
            LOG.error("member {} and this node cannot be one cluster {}: {}", nodeId, cluster, why);
        }
        drop(nodeId, DropReason.INVALID, why);
    }

    private void drop(String nodeId, DropReason reason, String why) {
        drops.drop(reason, "the membership topic of '" + nodeId + "'", why);
    }

    /** A batch from {@code nodeId} arrived, sent {@code lagMillis} ago. */
    public void heardFrom(String nodeId, long lagMillis) {
        Member m = members.get(nodeId);
        if (m != null) {
            m.lastSeenMillis = clock.millis();
            m.lagMillis = Math.max(0, lagMillis);
        }
    }

    /** The age of {@code nodeId}'s last batch when it arrived here (0 when unknown). */
    public long lagMillis(String nodeId) {
        Member m = members.get(nodeId);
        return m == null ? 0 : m.lagMillis;
    }

    /** Marks whether {@code nodeId}'s batches stopped arriving while its records still do (its status says "stalled"). */
    public void markStalled(String nodeId, boolean stalled) {
        Member m = members.get(nodeId);
        if (m != null) {
            m.stalled = stalled;
        }
    }

    /** The members anti-entropy can talk to: up, with an address, not this node. */
    public List<Peer> upPeers() {
        List<Peer> out = new ArrayList<>();
        for (Map.Entry<String, Member> e : members.entrySet()) {
            Member m = e.getValue();
            if (m.up && !m.address.isEmpty()) {
                out.add(new Peer(e.getKey(), m.address));
            }
        }
        return out;
    }

    /** {@code nodeId} as a peer if it is up. */
    public Peer peer(String nodeId) {
        Member m = members.get(nodeId);
        return m != null && m.up && !m.address.isEmpty() ? new Peer(nodeId, m.address) : null;
    }

    @Override
    public List<MemberView> members() {
        long now = clock.millis();
        List<MemberView> out = new ArrayList<>();
        out.add(new MemberView(self.nodeId(), self.toString(), selfAddress, "up", now, 0));
        List<MemberView> others = new ArrayList<>();
        for (Map.Entry<String, Member> e : members.entrySet()) {
            Member m = e.getValue();
            String status = !m.up ? "down" : now - m.lastSeenMillis > silentAfterMillis ? "silent" : m.stalled ? "stalled" : "up";
            others.add(new MemberView(e.getKey(), String.valueOf(m.actor), m.address, status, m.lastSeenMillis, m.lagMillis));
        }
        others.sort(Comparator.comparing(MemberView::id));
        out.addAll(others);
        return out;
    }
}
