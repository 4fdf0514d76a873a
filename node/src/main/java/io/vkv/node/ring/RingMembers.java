package io.vkv.node.ring;

import java.util.Map;
import java.util.Set;

/**
 * The members as the ring sees them: every known token (node id → token; down members keep theirs) and which of
 * those nodes are still joining (they hold their future partitions but serve none yet).
 */
public record RingMembers(Map<String, Long> tokens, Set<String> joining) {

    public RingMembers {
        tokens = Map.copyOf(tokens);
        joining = Set.copyOf(joining);
    }

    /** Members that all serve: no one joining. */
    public static RingMembers serving(Map<String, Long> tokens) {
        return new RingMembers(tokens, Set.of());
    }
}
