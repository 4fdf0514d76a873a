package io.vkv.node.replication;

import com.google.protobuf.InvalidProtocolBufferException;
import io.vkv.node.version.Actor;
import io.vkv.proto.internal.MemberRecord;
import io.vkv.proto.internal.SignedEnvelope;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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
final class Membership implements ClusterView {

    /** A member that anti-entropy can talk to. */
    record Peer(String nodeId, String address) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(Membership.class);
    private static final int MAX_ADDRESS_CHARS = 255;

    private static final class Member {
        volatile Actor actor;
        volatile String address = "";
        volatile boolean up;
        volatile long lastSeenMillis;
        volatile long lagMillis;
    }

    private final String cluster;
    private final Actor self;
    private final EnvelopeSigner signer;
    private final ReplicationStats stats;
    private final DropReporter drops;
    private final long silentAfterMillis;
    private final Consumer<String> peerUp;
    private final Map<String, Member> members = new ConcurrentHashMap<>();
    private volatile String selfAddress = "";

    Membership(String cluster, Actor self, EnvelopeSigner signer, ReplicationStats stats, DropReporter drops,
               long heartbeatMillis, Consumer<String> peerUp) {
        this.cluster = cluster;
        this.self = self;
        this.signer = signer;
        this.stats = stats;
        this.drops = drops;
        this.silentAfterMillis = 3 * heartbeatMillis;
        this.peerUp = peerUp;
    }

    /** Sets the gRPC address this node advertises. */
    void advertise(String address) {
        this.selfAddress = address;
    }

    /** This node's signed record with status up or down. */
    byte[] record(boolean up) {
        MemberRecord r = MemberRecord.newBuilder()
                .setCluster(cluster)
                .setActor(BatchCodec.actor(self))
                .setGrpcAddress(selfAddress)
                .setStatus(up ? MemberRecord.Status.UP : MemberRecord.Status.DOWN)
                .setUpdatedAtMillis(System.currentTimeMillis())
                .build();
        return signer.seal(EnvelopeSigner.MEMBER, r.toByteArray()).toByteArray();
    }

    /** A message on the membership topic of {@code nodeId}; an empty payload clears the member. */
    void onRecord(String nodeId, byte[] payload) {
        stats.recordReceived();
        if (payload.length == 0) {
            if (members.remove(nodeId) != null) {
                LOG.info("member {} left the cluster", nodeId);
            }
            return;
        }
        MemberRecord r;
        try {
            SignedEnvelope envelope = SignedEnvelope.parseFrom(payload);
            r = MemberRecord.parseFrom(envelope.getPayload());
            if (!EnvelopeSigner.MEMBER.equals(envelope.getKind())) {
                drop(nodeId, DropReason.MALFORMED, "envelope of kind '" + envelope.getKind() + "'");
                return;
            }
            if (!cluster.equals(r.getCluster())) {
                drop(nodeId, DropReason.WRONG_CLUSTER, "record of cluster '" + r.getCluster() + "'");
                return;
            }
            if (!signer.verify(EnvelopeSigner.MEMBER, envelope)) {
                drop(nodeId, DropReason.BAD_MAC, "signature does not match the cluster secret");
                return;
            }
        } catch (InvalidProtocolBufferException e) {
            drop(nodeId, DropReason.MALFORMED, "not a signed member record");
            return;
        }
        if (!nodeId.equals(r.getActor().getNodeId()) || !Actor.isValidNodeId(nodeId)
                || r.getGrpcAddress().length() > MAX_ADDRESS_CHARS
                || (r.getStatus() != MemberRecord.Status.UP && r.getStatus() != MemberRecord.Status.DOWN)) {
            drop(nodeId, DropReason.INVALID, "record names node '" + r.getActor().getNodeId() + "', status " + r.getStatus());
            return;
        }
        if (nodeId.equals(self.nodeId())) {
            return; // our own record (or a Will of an earlier connection): we know better
        }
        apply(nodeId, r);
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
            m.lastSeenMillis = Math.max(m.lastSeenMillis, Math.min(System.currentTimeMillis(), r.getUpdatedAtMillis()));
            if (wentDown) {
                LOG.info("member {} is down", actor);
            }
        }
        if (cameUp) {
            LOG.info("member {} is up at {}", actor, r.getGrpcAddress());
            peerUp.accept(nodeId);
        }
    }

    private void drop(String nodeId, DropReason reason, String why) {
        drops.drop(reason, "the membership topic of '" + nodeId + "'", why);
    }

    /** A batch from {@code nodeId} arrived, sent {@code lagMillis} ago. */
    void heardFrom(String nodeId, long lagMillis) {
        Member m = members.get(nodeId);
        if (m != null) {
            m.lastSeenMillis = System.currentTimeMillis();
            m.lagMillis = Math.max(0, lagMillis);
        }
    }

    /** The members anti-entropy can talk to: up, with an address, not this node. */
    List<Peer> upPeers() {
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
    Peer peer(String nodeId) {
        Member m = members.get(nodeId);
        return m != null && m.up && !m.address.isEmpty() ? new Peer(nodeId, m.address) : null;
    }

    @Override
    public List<MemberView> members() {
        long now = System.currentTimeMillis();
        List<MemberView> out = new ArrayList<>();
        out.add(new MemberView(self.nodeId(), self.toString(), selfAddress, "up", now, 0));
        List<MemberView> others = new ArrayList<>();
        for (Map.Entry<String, Member> e : members.entrySet()) {
            Member m = e.getValue();
            String status = !m.up ? "down" : now - m.lastSeenMillis > silentAfterMillis ? "silent" : "up";
            others.add(new MemberView(e.getKey(), String.valueOf(m.actor), m.address, status, m.lastSeenMillis, m.lagMillis));
        }
        others.sort(Comparator.comparing(MemberView::id));
        out.addAll(others);
        return out;
    }
}
