package io.vkv.node.version;

import java.util.List;

/**
 * A generated cluster history: {@code replicas} replicas of one key, the first {@code coordinators}
 * of which are nodes that accept client writes, each starting under the given incarnation.
 */
public record Scenario(int replicas, int coordinators, List<Long> incarnations, List<Operation> operations) {

    public Scenario {
        if (coordinators < 1 || coordinators > replicas || incarnations.size() < coordinators) {
            throw new IllegalArgumentException("bad scenario: " + replicas + " replicas, " + coordinators + " coordinators");
        }
        incarnations = List.copyOf(incarnations);
        operations = List.copyOf(operations);
    }
}
