package io.vkv.sim.check;

import static io.vkv.sim.check.Histories.key;
import static io.vkv.sim.check.Histories.sibling;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The final-state file: written and read back unchanged, unreachable nodes included; damage refused with its line. */
class ClusterStateTest {

    @TempDir
    Path dir;

    @Test
    void aStateReadsBackAsWritten() throws IOException {
        TreeMap<String, java.util.SortedMap<String, KeyView>> nodes = new TreeMap<>();
        nodes.put("n1", new TreeMap<>(Map.of("k0", key("a@1:2,b@2:1", sibling("a@1:2", "c0-4", "a@1:1"), sibling("b@2:1", null, "a@1:1")),
                "k1", KeyView.EMPTY)));
        nodes.put("n2", new TreeMap<>(Map.of("k0", key("a@1:2", sibling("a@1:2", "c0-4", "a@1:1")))));
        ClusterState state = new ClusterState(nodes, new TreeMap<>(Map.of("n3", "UNAVAILABLE: io\texception")));
        Path f = dir.resolve("final-state.tsv");
        state.write(f);
        ClusterState read = ClusterState.read(f);
        assertEquals(state.nodes(), read.nodes());
        assertEquals(Map.of("n3", "UNAVAILABLE: io exception"), read.unreachable());
        assertEquals(List.of("n1", "n2", "n3"), read.nodeIds());
        assertEquals(List.of("k0", "k1"), read.keys());
        assertEquals(KeyView.EMPTY, read.view("n2", "k1"));
    }

    @Test
    void damageIsRefusedWithTheLine() throws IOException {
        Path f = dir.resolve("bad.tsv");
        Files.write(f, List.of(Files.readAllLines(write(dir)).get(0), "n1\tk0\t-\tnot-a-sibling"));
        IOException e = assertThrows(IOException.class, () -> ClusterState.read(f));
        assertEquals(f + " line 2: a sibling looks like dot/value/clock, got 'not-a-sibling'", e.getMessage());
    }

    @Test
    void aSiblingWhoseClockLacksItsOwnDotIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SiblingView.parse("a@1:3/v/a@1:2"));
        assertTrue(e.getMessage().contains("a clock holds its sibling's own dot"), e.getMessage());
    }

    private static Path write(Path dir) throws IOException {
        Path f = dir.resolve("good.tsv");
        ClusterState.of(Map.of("n1", Map.of())).write(f);
        return f;
    }
}
