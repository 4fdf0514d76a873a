package io.vkv.node.ring;

import java.util.Map;
import java.util.Set;

/**
 * The members as the ring sees them: every known token (node id → token; down members keep theirs), which of those
 * nodes are still joining (they hold their future partitions but serve none yet) and which are leaving (they serve
 * until the others hold their partitions).
 */
public record RingMembers(Map<String, Long> tokens, Set<String> joining, Set<String> leaving) {

    public RingMembers {
        tokens = Map.copyOf(tokens);
        joining = Set.copyOf(joining);
        leaving = Set.copyOf(leaving);
    }

    /** Members that all serve: no one joining or leaving. */
    public static RingMembers serving(Map<String, Long> tokens) {
        return new RingMembers(tokens, Set.of(), Set.of());
    }
}
