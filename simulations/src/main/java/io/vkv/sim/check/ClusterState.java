package io.vkv.sim.check;

import io.vkv.sim.history.Vv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The final state read from every node once the cluster is quiet: per node, the {@link KeyView} of each key it
 * replicates (every key under full replication); a node
 * that did not answer is listed with the reason. The state file holds one line per node and key,
 * {@code node TAB key TAB context TAB siblings TAB history} (siblings and versions {@code ;}-separated, {@code -} for
 * none; files written before histories have no last column), and {@code node TAB ! TAB reason} for a node that did not answer.
 */
public record ClusterState(SortedMap<String, SortedMap<String, KeyView>> nodes, SortedMap<String, String> unreachable) {

    private static final String HEADER = "# vkv final state v2\tnode\tkey\tcontext\tsiblings\thistory";
    private static final String HEADER_V1 = "# vkv final state v1\tnode\tkey\tcontext\tsiblings";

    public ClusterState {
        SortedMap<String, SortedMap<String, KeyView>> copy = new TreeMap<>();
        nodes.forEach((n, keys) -> copy.put(n, Collections.unmodifiableSortedMap(new TreeMap<>(keys))));
        nodes = Collections.unmodifiableSortedMap(copy);
        unreachable = Collections.unmodifiableSortedMap(new TreeMap<>(unreachable));
        for (String n : unreachable.keySet()) {
            if (nodes.containsKey(n)) {
                throw new IllegalArgumentException(n + " is listed both with a state and as unreachable");
            }
        }
    }

    /** Every node named, answering or not. */
    public List<String> nodeIds() {
        TreeSet<String> all = new TreeSet<>(nodes.keySet());
        all.addAll(unreachable.keySet());
        return List.copyOf(all);
    }

    /** Every key any node returned. */
    public List<String> keys() {
        return nodes.values().stream().flatMap(m -> m.keySet().stream()).distinct().sorted().toList();
    }

    /** The nodes that listed {@code key}: its replicas, which the final read asked for it. */
    public List<String> holders(String key) {
        return nodes.entrySet().stream().filter(e -> e.getValue().containsKey(key)).map(Map.Entry::getKey).toList();
    }

    /** What {@code node} returned for {@code key} ({@link KeyView#EMPTY} when it did not list the key). */
    public KeyView view(String node, String key) {
        return nodes.getOrDefault(node, new TreeMap<>()).getOrDefault(key, KeyView.EMPTY);
    }

    /** Writes the state file. */
    public void write(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        nodes.forEach((n, keys) -> keys.forEach((k, v) -> lines.add(String.join("\t", n, k, v.context().toString(),
                v.siblings().isEmpty() ? "-" : v.siblings().stream().map(SiblingView::toString).collect(Collectors.joining(";")),
                v.history() == null ? "?" : v.history().isEmpty() ? "-"
                        : v.history().stream().map(VersionView::toString).collect(Collectors.joining(";"))))));
        unreachable.forEach((n, why) -> lines.add(String.join("\t", n, "!", why.replaceAll("\\s+", " "))));
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    /** Reads a state file; a damaged line is an error naming the file and line. */
    public static ClusterState read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !(lines.get(0).equals(HEADER) || lines.get(0).equals(HEADER_V1))) {
            throw new IOException(file + " is not a vkv final state: its first line is not the header");
        }
        SortedMap<String, SortedMap<String, KeyView>> nodes = new TreeMap<>();
        SortedMap<String, String> unreachable = new TreeMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split("\t", -1);
            try {
                if (f.length == 3 && f[1].equals("!")) {
                    unreachable.put(f[0], f[2]);
                } else if (f.length == 4 || f.length == 5) {
                    List<SiblingView> siblings = f[3].equals("-") ? List.of()
                            : Arrays.stream(f[3].split(";", -1)).map(SiblingView::parse).toList();
                    List<VersionView> history = f.length == 4 || f[4].equals("?") ? null : f[4].equals("-") ? List.of()
                            : Arrays.stream(f[4].split(";", -1)).map(VersionView::parse).toList();
                    nodes.computeIfAbsent(f[0], n -> new TreeMap<>()).put(f[1], new KeyView(siblings, Vv.parse(f[2]), history));
                } else if (!lines.get(i).isEmpty()) {
                    throw new IllegalArgumentException("expected 5 tab-separated columns, found " + f.length);
                }
            } catch (IllegalArgumentException e) {
                throw new IOException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return new ClusterState(nodes, unreachable);
    }

    /** A state of answering nodes only. */
    public static ClusterState of(Map<String, ? extends Map<String, KeyView>> nodes) {
        SortedMap<String, SortedMap<String, KeyView>> m = new TreeMap<>();
        nodes.forEach((n, keys) -> m.put(Objects.requireNonNull(n), new TreeMap<>(keys)));
        return new ClusterState(m, new TreeMap<>());
    }
}
