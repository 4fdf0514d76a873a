package io.vkv.node.replication;

/** The MQTT topic names of one cluster: {@code vkv/<cluster>/p/<partition>} and {@code vkv/<cluster>/members/<id>}. */
public final class Topics {

    private final String partitionPrefix;
    private final String memberPrefix;

    public Topics(String cluster) {
        if (cluster == null || cluster.isEmpty() || cluster.contains("/") || cluster.contains("+") || cluster.contains("#")) {
            throw new IllegalArgumentException("cluster name must be non-empty and contain none of / + #, got '" + cluster + "'");
        }
        this.partitionPrefix = "vkv/" + cluster + "/p/";
        this.memberPrefix = "vkv/" + cluster + "/members/";
    }

    /** The topic changes of {@code partition} are published on. */
    public String partition(int partition) {
        return partitionPrefix + partition;
    }

    /** The retained membership topic of {@code nodeId}. */
    public String member(String nodeId) {
        return memberPrefix + nodeId;
    }

    /** The filter matching every member's topic. */
    public String allMembers() {
        return memberPrefix + "+";
    }

    /** The partition named by {@code topic}, or -1 when it is not a partition topic of this cluster. */
    public int partitionOf(String topic) {
        if (!topic.startsWith(partitionPrefix)) {
            return -1;
        }
        String rest = topic.substring(partitionPrefix.length());
        if (rest.isEmpty() || rest.length() > 5 || !rest.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Integer.parseInt(rest);
    }

    /** The node id named by a membership topic of this cluster, or null. */
    public String memberOf(String topic) {
        return topic.startsWith(memberPrefix) && topic.length() > memberPrefix.length()
                ? topic.substring(memberPrefix.length()) : null;
    }
}
