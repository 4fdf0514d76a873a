package io.vkv.node.mqtt;

import io.vkv.node.config.ReplicationConfig;
import io.vkv.node.version.Actor;

/**
 * The MQTT topic names of one cluster: changes on {@code vkv/<cluster>/p/<partition>/<origin>},
 * membership records on {@code vkv/<cluster>/members/<id>}. The origin level lets a node subscribe
 * to its peers' changes only: MQTT 3 would otherwise echo every batch back to its publisher.
 */
public final class Topics {

    /** A parsed change topic: the partition and the node id of the origin publishing on it. */
    public record ChangeTopic(int partition, String origin) {
    }

    private final String partitionPrefix;
    private final String memberPrefix;

    public Topics(String cluster) {
        ReplicationConfig.requireClusterName(cluster);
        this.partitionPrefix = "vkv/" + cluster + "/p/";
        this.memberPrefix = "vkv/" + cluster + "/members/";
    }

    /** The topic node {@code origin} publishes its changes of {@code partition} on. */
    public String changes(int partition, String origin) {
        return partitionPrefix + partition + "/" + origin;
    }

    /** The filter matching every change topic of node {@code origin}. */
    public String changesOf(String origin) {
        return partitionPrefix + "+/" + origin;
    }

    /** The retained membership topic of {@code nodeId}. */
    public String member(String nodeId) {
        return memberPrefix + nodeId;
    }

    /** The filter matching every member's topic. */
    public String allMembers() {
        return memberPrefix + "+";
    }

    /** The partition and origin named by {@code topic}, or null when it is not a change topic of this cluster. */
    public ChangeTopic parseChanges(String topic) {
        if (!topic.startsWith(partitionPrefix)) {
            return null;
        }
        int slash = topic.indexOf('/', partitionPrefix.length());
        if (slash < 0) {
            return null;
        }
        int digits = slash - partitionPrefix.length();
        if (digits < 1 || digits > 5) {
            return null;
        }
        int partition = 0;
        for (int i = partitionPrefix.length(); i < slash; i++) {
            char c = topic.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            partition = partition * 10 + (c - '0');
        }
        String origin = topic.substring(slash + 1);
        return Actor.isValidNodeId(origin) ? new ChangeTopic(partition, origin) : null;
    }

    /** The node id named by a membership topic of this cluster, or null. */
    public String memberOf(String topic) {
        return topic.startsWith(memberPrefix) && topic.length() > memberPrefix.length()
                ? topic.substring(memberPrefix.length()) : null;
    }
}
