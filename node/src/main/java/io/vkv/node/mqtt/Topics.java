package io.vkv.node.mqtt;

import io.vkv.node.config.ReplicationConfig;
import io.vkv.node.version.Actor;

/**
 * The MQTT topic names of one cluster: changes on {@code vkv/<cluster>/to/<receiver>/<origin>}, membership
 * records on {@code vkv/<cluster>/members/<id>}. A change topic names its receiver, so a node subscribes
 * once, to {@code vkv/<cluster>/to/<self>/+}, and gets exactly what it replicates from every origin (the
 * origin puts in each receiver's message only the partitions that receiver replicates); the origin level
 * tells the receiver who sent it, and lets the broker's ACL hold an origin to its own name
 * (docs/architecture.md, "Replication").
 */
public final class Topics {

    /** A parsed change topic: who it is for and who published it. */
    public record ChangeTopic(String receiver, String origin) {
    }

    private final String changePrefix;
    private final String memberPrefix;

    public Topics(String cluster) {
        ReplicationConfig.requireClusterName(cluster);
        this.changePrefix = "vkv/" + cluster + "/to/";
        this.memberPrefix = "vkv/" + cluster + "/members/";
    }

    /** The topic node {@code origin} publishes its changes for {@code receiver} on. */
    public String changes(String receiver, String origin) {
        return changePrefix + receiver + "/" + origin;
    }

    /** The filter matching every change topic addressed to {@code receiver}: the one a node subscribes to. */
    public String changesFor(String receiver) {
        return changePrefix + receiver + "/+";
    }

    /** The retained membership topic of {@code nodeId}. */
    public String member(String nodeId) {
        return memberPrefix + nodeId;
    }

    /** The filter matching every member's topic. */
    public String allMembers() {
        return memberPrefix + "+";
    }

    /** The receiver and origin named by {@code topic}, or null when it is not a change topic of this cluster. */
    public ChangeTopic parseChanges(String topic) {
        if (!topic.startsWith(changePrefix)) {
            return null;
        }
        int slash = topic.indexOf('/', changePrefix.length());
        if (slash < 0) {
            return null;
        }
        String receiver = topic.substring(changePrefix.length(), slash);
        String origin = topic.substring(slash + 1);
        return Actor.isValidNodeId(receiver) && Actor.isValidNodeId(origin) ? new ChangeTopic(receiver, origin) : null;
    }

    /** The node id named by a membership topic of this cluster, or null. */
    public String memberOf(String topic) {
        return topic.startsWith(memberPrefix) && topic.length() > memberPrefix.length()
                ? topic.substring(memberPrefix.length()) : null;
    }
}
