package io.vkv.sim.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history file, its version vectors and dots: written, read back unchanged, and damaged lines refused by line number. */
class HistoryFileTest {

    @TempDir
    Path dir;

    private static final List<Op> OPS = List.of(
            new Op(1, 0, "n1", OpType.GET, "k0", null, Vv.EMPTY, 3, 9, Outcome.OK, null, 2, null),
            new Op(2, 0, "n2", OpType.PUT, "k0", "c0-1", Vv.parse("n1@a1:3,n2@b2:7"), 10, 14, Outcome.OK, Dot.parse("n2@b2:8"), 1, null),
            new Op(3, 4, "n3", OpType.DELETE, "k1", null, Vv.parse("n3@c3:1"), 15, 2015, Outcome.UNKNOWN, null, -1,
                    "DEADLINE_EXCEEDED: deadline\texceeded\nafter 2 s"),
            new Op(4, 5, "n1", OpType.PUT, "k2", "c5-9", Vv.EMPTY, 20, 21, Outcome.FAILED, null, -1, "UNAVAILABLE: io exception"));

    @Test
    void operationsReadBackAsWritten() throws IOException {
        Path f = dir.resolve("history.tsv");
        try (HistoryFile h = HistoryFile.create(f)) {
            for (Op op : OPS) {
                h.append(op);
            }
        }
        List<Op> read = HistoryFile.read(f);
        assertEquals(OPS.get(0), read.get(0));
        assertEquals(OPS.get(1), read.get(1));
        assertEquals("DEADLINE_EXCEEDED: deadline exceeded after 2 s", read.get(2).error(), "whitespace in errors is flattened");
        assertEquals(OPS.get(3), read.get(3));
        assertEquals(HistoryFile.HEADER, Files.readAllLines(f).get(0));
    }

    @Test
    void aDamagedLineIsRefusedWithItsLineNumber() throws IOException {
        Path f = dir.resolve("damaged.tsv");
        Files.write(f, List.of(HistoryFile.HEADER, HistoryFile.format(OPS.get(0)), "2\t0\tn2\tput\tk0\tc0-1\t-\t10\t14\tok\t-\t1\t-"));
        IOException e = assertThrows(IOException.class, () -> HistoryFile.read(f));
        assertEquals(f + " line 3: op 2: an acknowledged PUT must record its dot", e.getMessage());
        Files.write(f, List.of("not a history"));
        assertTrue(assertThrows(IOException.class, () -> HistoryFile.read(f)).getMessage().endsWith("is not a vkv history: its first line is not the header"));
    }

    @Test
    void versionVectorsCoverJoinAndParse() {
        Vv a = Vv.parse("n1@a:3,n2@b:1");
        assertTrue(a.covers(Dot.parse("n1@a:3")));
        assertFalse(a.covers(Dot.parse("n1@a:4")));
        assertFalse(a.covers(Dot.parse("n3@c:1")));
        assertEquals(Vv.parse("n1@a:3,n2@b:5,n3@c:1"), a.join(Vv.parse("n2@b:5,n3@c:1")));
        assertEquals(Vv.parse("n1@a:3,n2@b:2"), a.with(Dot.parse("n2@b:2")));
        assertEquals("-", Vv.EMPTY.toString());
        assertEquals(Vv.EMPTY, Vv.of(Map.of()));
        assertEquals("actor n1@a appears twice in 'n1@a:1,n1@a:2'",
                assertThrows(IllegalArgumentException.class, () -> Vv.parse("n1@a:1,n1@a:2")).getMessage());
        assertEquals("a dot's counter starts at 1, got 0 for n1@a", assertThrows(IllegalArgumentException.class, () -> Dot.parse("n1@a:0")).getMessage());
        assertEquals("n1", Dot.parse("n1@a:2").nodeId());
    }

    @Test
    void anOperationThatContradictsItselfIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Op(1, 0, "n1", OpType.GET, "k", "v", Vv.EMPTY, 0, 1, Outcome.OK, null, 0, null));
        assertThrows(IllegalArgumentException.class,
                () -> new Op(1, 0, "n1", OpType.PUT, "k", "v", Vv.EMPTY, 0, 1, Outcome.UNKNOWN, Dot.parse("a:1"), 0, null));
        assertThrows(IllegalArgumentException.class, () -> new Op(1, 0, "n1", OpType.DELETE, "k", null, Vv.EMPTY, 5, 1, Outcome.FAILED, null, 0, "x"));
    }
}
