package io.vkv.node.testing;

import static org.awaitility.Awaitility.await;

import io.vkv.node.version.KeyState;
import io.vkv.node.version.Sibling;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The convergence check of cluster tests and simulations: every node returns the same sibling set
 * (same dots, same values or tombstones) for every key written. Readers are functions so the
 * check works in process (a store) and across processes (a client).
 */
public final class Convergence {

    /** A sibling as compared across nodes: its dot and its value (null for a tombstone). */
    public record SiblingView(String dot, String value) {
    }

    private Convergence() {
    }

    /** The comparable view of a state's siblings, in dot order. */
    public static List<SiblingView> siblings(KeyState state) {
        List<SiblingView> out = new ArrayList<>();
        for (Sibling s : state.siblings()) {
            out.add(new SiblingView(s.dot().toString(), s.isTombstone() ? null : new String(s.value(), StandardCharsets.UTF_8)));
        }
        return out;
    }

    /** Waits up to {@code timeout} until all running {@code nodes} hold the same siblings for every key in {@code keys}. */
    public static void awaitConverged(Duration timeout, Collection<String> keys, List<ClusterNode> nodes) {
        Map<String, Function<String, List<SiblingView>>> readers = new LinkedHashMap<>();
        for (ClusterNode n : nodes) {
            readers.put(n.nodeId(), key -> siblings(n.get(key)));
        }
        awaitConverged(timeout, keys, readers);
    }

    /**
     * Waits up to {@code timeout} until every reader returns equal results for every key; fails
     * with the keys that still differ and what each node returns for them.
     */
    public static <T> void awaitConverged(Duration timeout, Collection<String> keys, Map<String, Function<String, T>> readers) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            String diff = differences(keys, readers);
            if (!diff.isEmpty()) {
                throw new AssertionError("nodes have not converged:\n" + diff);
            }
        });
    }

    /** A description of the keys on which the readers disagree (empty when they all agree). */
    public static <T> String differences(Collection<String> keys, Map<String, Function<String, T>> readers) {
        StringBuilder out = new StringBuilder();
        int shown = 0;
        int differing = 0;
        for (String key : keys) {
            Map<String, T> seen = new LinkedHashMap<>();
            for (Map.Entry<String, Function<String, T>> r : readers.entrySet()) {
                seen.put(r.getKey(), r.getValue().apply(key));
            }
            if (seen.values().stream().distinct().count() > 1) {
                differing++;
                if (shown++ < 5) {
                    out.append("  ").append(key).append(": ").append(seen).append('\n');
                }
            }
        }
        if (differing > shown) {
            out.append("  ... and ").append(differing - shown).append(" more keys\n");
        }
        return differing == 0 ? "" : out.toString();
    }
}
