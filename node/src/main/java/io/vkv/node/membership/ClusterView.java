package io.vkv.node.membership;

import io.vkv.proto.internal.MemberRecord;
import java.util.List;

/** What a node knows of its cluster's members, as node info shows it. */
public interface ClusterView {

    /** Every member known (this node first), with status, last time heard from and replication lag. */
    List<MemberView> members();

    /**
     * One member as seen from this node.
     *
     * @param status         "up", "down" (it left or its Last Will fired), "silent" (up, but not
     *                       heard from for three heartbeats) or "stalled" (its records arrive, but
     *                       batches it shipped over a heartbeat ago did not)
     * @param lastSeenMillis epoch millis of the last record or batch received from it
     * @param replicationLagMillis age of its last batch when it arrived here (0 for this node)
     * @param token          its position on the ring, null while it has not chosen one
     */
    record MemberView(String id, String actor, String address, String status, long lastSeenMillis, long replicationLagMillis,
                      Long token, MemberRecord.Role role) {
    }
}
