package io.vkv.node.membership;

import io.vkv.node.metrics.DropReason;
import io.vkv.node.metrics.DropReporter;
import io.vkv.node.version.Actor;
import io.vkv.proto.internal.MemberRecord;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The member records {@link Membership} refuses, and why: a member that places keys differently (another Q or N), a
 * token another member holds, a second node running under this node's id. Each refusal is a counted drop; the
 * operator's error is logged once per member.
 */
final class MemberRefusals {

    private static final Logger LOG = LoggerFactory.getLogger(Membership.class);
    private static final long TWIN_LOGGED = Long.MAX_VALUE;

    private final String cluster;
    private final Actor self;
    private final DropReporter drops;
    private final Set<String> mismatched = ConcurrentHashMap.newKeySet(); // members refused for their Q, N or token, logged once
    private final Map<Long, Long> twins = new ConcurrentHashMap<>(); // other incarnations under this id: first record's time, or TWIN_LOGGED

    MemberRefusals(String cluster, Actor self, DropReporter drops) {
        this.cluster = cluster;
        this.self = self;
        this.drops = drops;
    }

    /** Two members at one position would make the ring depend on which record arrived first: the later claim is refused. */
    void collision(String nodeId, long token, String holder) {
        String why = "it claims ring token " + Long.toUnsignedString(token) + ", which " + holder
                + " holds; tokens must differ: restart " + nodeId + " with another ring.token (or none, to take the middle of the widest arc)";
        if (mismatched.add(nodeId)) {
            LOG.error("member {} refused: {}", nodeId, why);
        }
        drop(nodeId, DropReason.INVALID, why);
    }

    /**
     * Up records under this node's id from another actor at another address than {@code selfAddress}, heartbeating (a
     * second one newer than the first), are a second node started with the same id: the two would take each other's
     * broker session. The retained record of this node's own previous run is one record, never renewed.
     */
    void ifAnotherNode(MemberRecord r, String selfAddress) {
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

    /** A member that places keys differently would misplace every change: it is not one of ours. */
    void mismatch(String nodeId, String setting, int theirs, int ours, String rule) {
        // Both sides log this, so the message names no culprit: the node that joined last is the one to restart.
        String why = "it runs with " + setting + " " + theirs + " and this node with " + ours
                + "; " + rule + ": restart whichever of the two joined last with the " + setting + " setting of the others";
        if (mismatched.add(nodeId)) {
            LOG.error("member {} and this node cannot be one cluster {}: {}", nodeId, cluster, why);
        }
        drop(nodeId, DropReason.INVALID, why);
    }

    void drop(String nodeId, DropReason reason, String why) {
        drops.drop(reason, "the membership topic of '" + nodeId + "'", why);
    }
}
