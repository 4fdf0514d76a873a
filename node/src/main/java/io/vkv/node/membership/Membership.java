package io.vkv.node.membership;

import io.vkv.node.metrics.DropReason;
import io.vkv.node.metrics.DropReporter;
import io.vkv.node.metrics.ReplicationStats;
import io.vkv.node.mqtt.EnvelopeSigner;
import io.vkv.node.mqtt.Rejected;
import io.vkv.node.ring.RingMembers;
import io.vkv.node.runtime.Clock;
import io.vkv.node.storage.KeyStateCodec;
import io.vkv.node.version.Actor;
import io.vkv.proto.internal.MemberRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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

    private static final class Member {
        volatile Actor actor;
        volatile String address = "";
        volatile boolean up;
        volatile long lastSeenMillis;
        volatile long lagMillis;
        volatile boolean stalled;
        volatile Long token; // null while it has not chosen one
        volatile MemberRecord.Role role = MemberRecord.Role.MEMBER;
    }

    private final Clock clock;
    private final String cluster;
    private final Actor self;
    private final EnvelopeSigner signer;
    private final ReplicationStats stats;
    private final long silentAfterMillis;
    private final int partitions;
    private final int replicas;
    private final Consumer<String> peerUp;
    private final Consumer<RingMembers> tokensChanged;
    private final Consumer<String> departedRecord;
    private final long startedMillis;
    private final CompletableFuture<Void> heardOwnRecord = new CompletableFuture<>();
    private final CompletableFuture<Void> heldToken = new CompletableFuture<>();
    private final Map<String, Member> members = new ConcurrentHashMap<>();
    private final MemberRefusals refusals;
    private final Set<Actor> departed = ConcurrentHashMap.newKeySet(); // members whose record was cleared: they left the ring
    private volatile String selfAddress = "";
    private volatile Long selfToken;
    private volatile boolean tokenChosen; // chosen on joining rather than configured: it may move
    private volatile MemberRecord.Role selfRole = MemberRecord.Role.MEMBER;

    /**
     * Membership of {@code self} in {@code cluster}, whose members must all run with {@code partitions} (Q) and
     * {@code replicas} (N); {@code peerUp} hears of peers that come up, {@code tokensChanged} of every change to
     * the members' tokens or roles (the ring), with all of them; {@code departedRecord} of a record of a member that
     * left (its Last Will, fired after its farewell cleared its record), for the caller to clear it from the broker.
     */
    public Membership(String cluster, int partitions, int replicas, Actor self, EnvelopeSigner signer, ReplicationStats stats,
                      DropReporter drops, long heartbeatMillis, Consumer<String> peerUp, Consumer<RingMembers> tokensChanged,
                      Consumer<String> departedRecord, Clock clock) {
        this.departedRecord = departedRecord;
        this.partitions = partitions;
        this.replicas = replicas;
        this.tokensChanged = tokensChanged;
        this.startedMillis = clock.millis();
        this.clock = clock;
        this.cluster = cluster;
        this.self = self;
        this.signer = signer;
        this.stats = stats;
        this.refusals = new MemberRefusals(cluster, self, drops);
        this.silentAfterMillis = 3 * heartbeatMillis;
        this.peerUp = peerUp;
    }

    /** Sets the gRPC address this node advertises. */
    public void advertise(String address) {
        this.selfAddress = address;
    }

    /**
     * Takes {@code token} as this node's place on the ring: the next record carries it. A {@code chosen} token (taken
     * on joining, not configured) is given up when a member with a smaller id claims it too: two nodes that joined
     * at once and picked the same arc; this node then holds none, and the ring change tells its owner to pick again.
     */
    public void holdToken(long token, boolean chosen) {
        selfToken = token;
        tokenChosen = chosen;
        tokensChanged.accept(ringMembers());
        heldToken.complete(null);
    }

    /** Sets where this node stands on the ring (joining: it serves nothing yet; leaving: it hands off); the next record says so. */
    public void role(MemberRecord.Role role) {
        selfRole = role;
        tokensChanged.accept(ringMembers());
    }

    /** Where this node stands on the ring. */
    public MemberRecord.Role role() {
        return selfRole;
    }

    /** Every known token, and which of their holders are joining or leaving. */
    public RingMembers ringMembers() {
        Set<String> joining = new HashSet<>();
        Set<String> leaving = new HashSet<>();
        members.forEach((id, m) -> {
            if (m.token != null && m.role == MemberRecord.Role.JOINING) {
                joining.add(id);
            } else if (m.token != null && m.role == MemberRecord.Role.LEAVING) {
                leaving.add(id);
            }
        });
        if (selfRole == MemberRecord.Role.JOINING) {
            joining.add(self.nodeId());
        } else if (selfRole == MemberRecord.Role.LEAVING) {
            leaving.add(self.nodeId());
        }
        return new RingMembers(tokens(), joining, leaving);
    }

    /** Completes once this node has first taken a token. */
    public CompletableFuture<Void> heldToken() {
        return heldToken;
    }

    /** This node's token, or null while it has not chosen one. */
    public Long token() {
        return selfToken;
    }

    /** Every member's token that is known, this node's included: down members keep theirs (a down node stays in the ring). */
    public Map<String, Long> tokens() {
        Map<String, Long> out = new HashMap<>();
        members.forEach((id, m) -> {
            Long t = m.token;
            if (t != null) {
                out.put(id, t);
            }
        });
        Long own = selfToken;
        if (own != null) {
            out.put(self.nodeId(), own);
        }
        return out;
    }

    /**
     * Completes when this node's own up record of this run came back from the broker. Brokers send retained
     * records right after the subscription, so by then every member's record has been seen.
     */
    public CompletableFuture<Void> heardOwnRecord() {
        return heardOwnRecord;
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
                .setPartitions(partitions)
                .setReplicas(replicas);
        Long own = selfToken;
        if (own != null) {
            r.setToken(own);
        }
        r.setRole(selfRole);
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
        stats.recordReceived(payload.length);
        if (payload.length == 0) {
            Member gone = members.remove(nodeId);
            if (gone != null) {
                if (gone.actor != null) {
                    departed.add(gone.actor); // a record of it that comes later is its Will, or a stale copy
                }
                LOG.info("member {} left the cluster", nodeId);
                if (gone.token != null) {
                    tokensChanged.accept(ringMembers());
                }
            }
            return null;
        }
        MemberRecord r;
        try {
            r = signer.open(EnvelopeSigner.MEMBER, "member record", cluster, payload, MemberRecord.parser(), MemberRecord::getCluster);
        } catch (Rejected e) {
            refusals.drop(nodeId, e.reason(), e.getMessage());
            return null;
        }
        if (!nodeId.equals(r.getActor().getNodeId()) || !Actor.isValidNodeId(nodeId)
                || r.getGrpcAddress().length() > MAX_ADDRESS_CHARS
                || (r.getStatus() != MemberRecord.Status.UP && r.getStatus() != MemberRecord.Status.DOWN)) {
            refusals.drop(nodeId, DropReason.INVALID, "record names node '" + r.getActor().getNodeId() + "', status " + r.getStatus());
            return null;
        }
        if (r.getPartitions() != 0 && r.getPartitions() != partitions) {
            refusals.mismatch(nodeId, "partitions", r.getPartitions(), partitions, "a cluster's partition count is fixed when it is created");
            return null;
        }
        if (r.getReplicas() != 0 && r.getReplicas() != replicas) {
            refusals.mismatch(nodeId, "ring.replicas", r.getReplicas(), replicas, "every member must place each partition on the same N nodes");
            return null;
        }
        if (r.getShippedCount() != 0 && r.getShippedCount() != partitions) {
            refusals.drop(nodeId, DropReason.INVALID, "record carries " + r.getShippedCount() + " shipped counters for " + partitions + " partitions");
            return null;
        }
        if (departed.contains(new Actor(nodeId, r.getActor().getIncarnation()))) {
            // A node that leaves clears its record, then disconnects; when the broker sees the disconnect as unclean, it
            // publishes the node's Will (a down record) after the farewell, which would put it back on the ring for good.
            LOG.info("ignored a {} record of {}, which left the ring; clearing it", r.getStatus() == MemberRecord.Status.UP ? "stale" : "Last Will",
                    nodeId);
            departedRecord.accept(nodeId);
            return null;
        }
        if (nodeId.equals(self.nodeId())) {
            refusals.ifAnotherNode(r, selfAddress);
            if (r.getActor().getIncarnation() == self.incarnation() && r.getStatus() == MemberRecord.Status.UP
                    && r.getUpdatedAtMillis() >= startedMillis) {
                heardOwnRecord.complete(null);
            }
            return null; // our own record (or a Will of an earlier connection): we know better
        }
        Long own = selfToken;
        if (r.hasToken() && own != null && own == r.getToken() && tokenChosen && nodeId.compareTo(self.nodeId()) < 0) {
            LOG.warn("{} chose ring token {} as {} did: {} keeps it, this node chooses again", self.nodeId(),
                    Long.toUnsignedString(own), nodeId, nodeId);
            selfToken = null;
            apply(nodeId, r);
            tokensChanged.accept(ringMembers());
            return r;
        }
        String holder = r.hasToken() ? holderOf(r.getToken(), nodeId) : null;
        if (holder != null) {
            refusals.collision(nodeId, r.getToken(), holder);
            return null;
        }
        apply(nodeId, r);
        return r;
    }

    private void apply(String nodeId, MemberRecord r) {
        Actor actor = new Actor(nodeId, r.getActor().getIncarnation());
        boolean up = r.getStatus() == MemberRecord.Status.UP;
        Member m = members.computeIfAbsent(nodeId, id -> new Member());
        boolean cameUp;
        // A record without a token keeps the known one: a Last Will set before the member chose its token.
        Long token = r.hasToken() ? Long.valueOf(r.getToken()) : m.token;
        // Likewise a down record keeps the known role: a Will set while the member was still joining.
        MemberRecord.Role role = up || m.token == null ? r.getRole() : m.role;
        boolean moved = !Objects.equals(token, m.token) || role != m.role;
        synchronized (m) {
            cameUp = up && (!m.up || !actor.equals(m.actor));
            boolean wentDown = !up && m.up;
            m.actor = actor;
            m.address = r.getGrpcAddress();
            m.up = up;
            m.token = token;
            m.role = role;
            m.lastSeenMillis = Math.max(m.lastSeenMillis, Math.min(clock.millis(), r.getUpdatedAtMillis()));
            if (wentDown) {
                LOG.info("member {} is down", actor);
            }
        }
        if (moved) {
            tokensChanged.accept(ringMembers());
        }
        if (cameUp) {
            LOG.info("member {} is up at {}", actor, r.getGrpcAddress());
            peerUp.accept(nodeId);
        }
    }

    /** The member other than {@code claimant} that holds {@code token}, this node included, or null. */
    private String holderOf(long token, String claimant) {
        Long own = selfToken;
        if (own != null && own == token) {
            return self.nodeId();
        }
        for (Map.Entry<String, Member> e : members.entrySet()) {
            Long t = e.getValue().token;
            if (t != null && t == token && !e.getKey().equals(claimant)) {
                return e.getKey();
            }
        }
        return null;
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
    /** Where {@code nodeId} was last reached, up or down (null when it never announced an address). */
    public String lastKnownAddress(String nodeId) {
        Member m = members.get(nodeId);
        return m != null && !m.address.isEmpty() ? m.address : null;
    }

    public Peer peer(String nodeId) {
        Member m = members.get(nodeId);
        return m != null && m.up && !m.address.isEmpty() ? new Peer(nodeId, m.address) : null;
    }

    @Override
    public List<MemberView> members() {
        long now = clock.millis();
        List<MemberView> out = new ArrayList<>();
        out.add(new MemberView(self.nodeId(), self.toString(), selfAddress, "up", now, 0, selfToken, selfRole));
        List<MemberView> others = new ArrayList<>();
        for (Map.Entry<String, Member> e : members.entrySet()) {
            Member m = e.getValue();
            String status = !m.up ? "down" : now - m.lastSeenMillis > silentAfterMillis ? "silent" : m.stalled ? "stalled" : "up";
            others.add(new MemberView(e.getKey(), String.valueOf(m.actor), m.address, status, m.lastSeenMillis, m.lagMillis, m.token, m.role));
        }
        others.sort(Comparator.comparing(MemberView::id));
        out.addAll(others);
        return out;
    }
}
