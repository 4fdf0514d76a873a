package io.vkv.cli;

import io.vkv.client.RingView;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The ring and a key's preference list as lines of text, for the ring and where commands and the console. */
public final class RingText {

    private RingText() {
    }

    /** A header, then one line per member: token, status and the partitions it replicates. */
    public static List<String> ring(RingView ring) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%d partitions, %d replicas each, %d members (as %s sees them)", ring.partitions(), ring.replicaCount(),
                ring.nodes().size(), ring.describedBy()));
        lines.add(String.format("%-8s %-21s %-8s %s", "node", "token", "status", "partitions"));
        for (RingView.Node n : ring.nodes()) {
            List<Integer> parts = ring.partitionsOf(n.id());
            lines.add(String.format("%-8s %-21s %-8s %d (%.0f%%)%s", n.id(), token(n), n.status(), parts.size(),
                    100.0 * parts.size() / ring.partitions(), parts.isEmpty() ? "" : ": " + ranges(parts)));
        }
        return lines;
    }

    /** The key's partition, then its replicas in preference order with address and status. */
    public static List<String> where(RingView ring, String key) {
        int partition = ring.partitionOf(key.getBytes(StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        lines.add("key " + Quote.of(key) + ": partition " + partition + " of " + ring.partitions());
        List<String> replicas = ring.replicas(partition);
        for (int i = 0; i < replicas.size(); i++) {
            String id = replicas.get(i);
            String address = ring.node(id).map(RingView.Node::address).orElse("");
            String status = ring.node(id).map(RingView.Node::status).orElse("unknown");
            lines.add(String.format("  %d. %-8s %-21s %s", i + 1, id, address, status));
        }
        return lines;
    }

    /** The member's token in decimal, or - while it has none. */
    static String token(RingView.Node n) {
        return n.token().map(Long::toUnsignedString).orElse("-");
    }

    /** Partition numbers as ranges: 0-3,7,9-12. */
    static String ranges(List<Integer> parts) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            int start = parts.get(i);
            int end = start;
            while (i + 1 < parts.size() && parts.get(i + 1) == end + 1) {
                end = parts.get(++i);
            }
            b.append(b.length() == 0 ? "" : ",").append(start).append(start == end ? "" : "-" + end);
        }
        return b.toString();
    }
}
