package io.vkv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vkv.node.testing.RunningNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** load, dump, delall against a fresh node each: they see every key. */
class LoadDumpTest {

    @TempDir
    Path dir;
    RunningNode node;

    @BeforeEach
    void startNode() throws IOException {
        node = RunningNode.start(dir.resolve("data"));
    }

    @AfterEach
    void stopNode() {
        node.close();
    }

    private CliRun vkv(String... args) {
        String[] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--node";
        all[args.length + 1] = node.address();
        return CliRun.of(all);
    }

    private Path file(String content) throws IOException {
        return Files.writeString(dir.resolve("input-" + System.nanoTime() + ".tsv"), content, StandardCharsets.UTF_8);
    }

    @Test
    void loadWritesEveryLineAndDumpPrintsThemBackInOrder() throws IOException {
        CliRun load = vkv("load", file("b\t2\na\t1\r\nc\tx\ty\n\n").toString(), "--batch", "2");
        assertEquals(0, load.status(), load::toString);
        assertEquals("acknowledged 3\n", load.out());
        assertEquals("", load.err());
        CliRun dump = vkv("dump", "--page", "2");
        assertEquals(0, dump.status(), dump::toString);
        assertEquals("a\t1\nb\t2\nc\tx\ty\n", dump.out());
        assertEquals(3, vkv("getall", "--json").out().lines().filter(l -> l.startsWith("{\"key\":")).count());
    }

    @Test
    void malformedLinesAreReportedSkippedAndMakeTheExitStatusOne() throws IOException {
        CliRun load = vkv("putall", file("good\t1\nno tab\n\tempty key\nalso-good\t2\n").toString(), "--json");
        assertEquals(1, load.status(), load::toString);
        assertEquals("{\"acknowledged\":2}\n", load.out());
        assertEquals("line 2: no TAB between key and value (skipped)\nline 3: empty key (skipped)\n2 malformed lines skipped\n", load.err());
        assertEquals("also-good\t2\ngood\t1\n", vkv("dump").out());
    }

    @Test
    void loadingTwiceReplacesValuesUnlessBlind() throws IOException {
        assertEquals(0, vkv("load", file("k\told\nk2\tx\n").toString()).status());
        assertEquals(0, vkv("load", file("k\tnew\n").toString()).status());
        assertTrue(vkv("get", "k").out().startsWith("new\ncontext: "));
        assertEquals(0, vkv("load", file("k\tblind\n").toString(), "--blind").status());
        assertTrue(vkv("get", "k").out().startsWith("(2 siblings)\n"));
    }

    @Test
    void aKeyRepeatedInOneFileEndsWithTheLastValue() throws IOException {
        assertEquals(0, vkv("load", file("k\t1\nk\t2\nk\t3\n").toString()).status());
        assertTrue(vkv("get", "k").out().startsWith("3\ncontext: "));
    }

    @Test
    void aRefusedLineStopsTheLoadNamingItAndCountingWhatWasAcknowledged() throws IOException {
        String tooLong = "k".repeat(2000);
        CliRun load = vkv("load", file("a\t1\nb\t2\n" + tooLong + "\tv\nc\t3\n").toString(), "--blind");
        assertEquals(1, load.status(), load::toString);
        assertEquals("", load.out());
        assertEquals(1, load.err().lines().count(), load::toString);
        assertTrue(load.err().contains("key is 2000 bytes; the limit is 1024 bytes"), load::toString);
        assertTrue(load.err().endsWith(" (line 3; 2 puts acknowledged before it)\n"), load::toString);
    }

    @Test
    void delallDeletesEverything() throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 1200; i++) {
            lines.append("key-").append(i).append('\t').append(i).append('\n');
        }
        assertEquals("acknowledged 1200\n", vkv("load", file(lines.toString()).toString()).out());
        assertEquals(1200, vkv("dump").out().lines().count());
        CliRun delall = vkv("delall");
        assertEquals(0, delall.status(), delall::toString);
        assertEquals("deleted 1200\n", delall.out());
        assertEquals("", vkv("dump").out());
    }
}
