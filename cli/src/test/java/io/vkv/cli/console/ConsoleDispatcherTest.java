package io.vkv.cli.console;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vkv.client.Context;
import io.vkv.client.HostPort;
import io.vkv.client.Versions;
import io.vkv.client.VkvClient;
import io.vkv.node.testing.RunningNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's commands through the real loop on a dumb JLine terminal over pipes, against real nodes. */
class ConsoleDispatcherTest {

    @TempDir
    static Path data;

    @TempDir
    Path home;

    private static RunningNode n1;
    private static RunningNode n2;
    private static VkvClient client;
    private static String deadNode;

    @BeforeAll
    static void startNodes() throws IOException {
        n1 = RunningNode.start(data.resolve("n1"), "n1");
        n2 = RunningNode.start(data.resolve("n2"), "n2");
        client = VkvClient.builder().target(n1.address()).build();
        try (ServerSocket s = new ServerSocket(0)) {
            deadNode = "127.0.0.1:" + s.getLocalPort();
        }
    }

    @AfterAll
    static void stopNodes() {
        client.close();
        n1.close();
        n2.close();
    }

    private PipedConsole console(String... nodes) throws IOException {
        List<HostPort> addresses = nodes.length == 0 ? List.of(HostPort.parse(n1.address()))
                : List.of(nodes).stream().map(HostPort::parse).toList();
        return new PipedConsole(addresses, home.resolve("history"));
    }

    @Test
    void aPutAfterAGetOverwritesWhatWasRead() throws Exception {
        try (PipedConsole c = console()) {
            assertTrue(c.screen().contains("vkv console on n1 (" + n1.address() + ")"), c::screen);
            assertTrue(c.run("put cart apples").contains("ok (blind write"), c::screen);
            assertEquals("apples\n", c.run("get cart"));
            assertEquals("ok (replaced the version you read)\n", c.run("put cart pears"));
            assertEquals("pears\n", c.run("get cart"));
            assertEquals(1, client.get("cart").siblings().size(), "the second put replaced the first");
            assertEquals("deleted\n", c.run("del cart"));
            assertEquals("(not found)\n", c.run("get cart"));
        }
    }

    @Test
    void siblingsAreShownWithClocksAndResolveMergesThem() throws Exception {
        client.put("colour", "red", Context.EMPTY);
        client.put("colour", "blue", Context.EMPTY);
        try (PipedConsole c = console()) {
            String get = c.run("get colour");
            assertTrue(get.startsWith("2 siblings (versions written without seeing each other)"), get);
            assertTrue(get.matches("(?s).*\n  red  clock \\{n1@[0-9a-f]+:\\d+}  at \\d{4}-.*Z  version \\d+\n.*"), get);
            assertTrue(get.matches("(?s).*\n  blue  clock \\{n1@[0-9a-f]+:\\d+}  at .*"), get);
            String siblings = c.run("siblings colour");
            assertTrue(siblings.matches("(?s)\\[1] red  clock \\{n1@\\w+:\\d+}  at \\S+Z  version \\d+  hlc \\d+\n\\[2] blue  clock .*hlc \\d+\n"), siblings);
            assertEquals("resolved 2 siblings of colour into one value\n", c.run("resolve colour purple"));
        }
        Versions after = client.get("colour");
        assertEquals(1, after.siblings().size());
        assertEquals("purple", after.valueString().orElseThrow());
    }

    @Test
    void forgetMakesTheNextPutBlindSoBothValuesSurvive() throws Exception {
        try (PipedConsole c = console()) {
            c.run("put pet cat");
            assertTrue(c.run("context pet").matches("[A-Za-z0-9_-]+\n"), c::screen);
            assertTrue(c.run("context").startsWith("pet  "), c::screen);
            assertEquals("forgot the context of pet: the next put of it is blind\n", c.run("forget pet"));
            assertEquals("(none: the next put of pet is blind)\n", c.run("context pet"));
            c.run("put pet dog");
            assertTrue(c.run("get pet").startsWith("2 siblings"), c::screen);
        }
    }

    @Test
    void quotedWordsKeepTheirSpacesAndBatchesAndScansWork() throws Exception {
        try (PipedConsole c = console()) {
            c.run("put \"my key\" 'hello  world'");
            assertEquals("hello  world", client.get("my key").valueString().orElseThrow());
            assertEquals("ok: 3 keys written\n", c.run("putall s1 one s2 \"two words\" s3 three"));
            assertEquals("s1  one\ns2  two words\n(2 keys)\n", c.run("scan s1 s3"));
            assertEquals("s1  one\ns2  two words\n(2 keys)\n", c.run("getrange s1 s3"));
            assertEquals("s2  two words\n(1 key; there may be more: --limit N)\n", c.run("scan s2 --limit 1"));
            assertTrue(c.run("getall").contains("s3  three\n"), c::screen);
            assertEquals("ok (replaced the version you read)\n", c.run("put s1 uno"), "a scan remembers contexts too");
        }
    }

    @Test
    void badLinesAreOneErrorLineAndTheConsoleGoesOn() throws Exception {
        try (PipedConsole c = console()) {
            assertEquals("unknown command 'frobnicate': type help for the list\n", c.run("frobnicate now"));
            assertEquals("usage: put KEY VALUE\n", c.run("put lonely"));
            assertEquals("unclosed double quote\n", c.run("put k \"open"));
            assertEquals("usage: putall KEY VALUE [KEY VALUE ...] (3 words is not pairs)\n", c.run("putall a 1 b"));
            assertEquals("--limit needs a number, got 'lots'\n", c.run("scan --limit lots"));
            assertTrue(c.run("use nowhere").startsWith("'nowhere' is neither a known node (n1, " + n1.address()), c::screen);
            assertTrue(c.run("help nothing").equals("no command 'nothing'\n"), c::screen);
            assertEquals("(not found)\n", c.run("get never-written"));
            assertTrue(c.alive(), () -> String.valueOf(c.died()));
            assertFalse(c.screen().contains("\u001b["), "a dumb terminal gets no colour codes");
        }
    }

    @Test
    void anUnreachableNodeIsAnErrorLineNotTheEnd() throws Exception {
        try (PipedConsole c = console(deadNode)) {
            assertTrue(c.screen().startsWith(deadNode + " does not answer: start it, or switch with use NODE"), c::screen);
            assertEquals("cannot reach " + deadNode + ": connection refused; is a vkv node running there? (vkv cluster status shows a local cluster)\n", c.run("get k"));
            assertEquals("cannot reach " + deadNode + ": connection refused; is a vkv node running there? (vkv cluster status shows a local cluster)\n", c.run("put k v"));
            assertEquals("using n1 (" + n1.address() + ")\n", c.run("use " + n1.address()));
            assertEquals("vkv n1> ", c.screen().substring(c.screen().length() - 8));
            assertEquals("using " + deadNode + ", which does not answer now: commands will fail until it does\n", c.run("use " + deadNode));
            assertTrue(c.run("nodes").contains("* ?      " + deadNode), c::screen);
        }
    }

    @Test
    void useSwitchesNodesByIdAndNodesListsThem() throws Exception {
        try (PipedConsole c = console(n1.address(), n2.address())) {
            c.run("use " + n2.address());
            assertEquals("using n1 (" + n1.address() + ")\n", c.run("use n1"), "ids are learnt from the nodes");
            String nodes = c.run("nodes");
            assertTrue(nodes.contains("* n1     " + n1.address()), nodes);
            assertTrue(nodes.contains("  n2     " + n2.address()), nodes);
            c.run("use n2");
            c.run("put only-on-n2 yes");
            try (VkvClient other = VkvClient.builder().target(n2.address()).build()) {
                assertEquals("yes", other.get("only-on-n2").valueString().orElseThrow());
            }
            c.run("use n1");
            assertEquals("(not found)\n", c.run("get only-on-n2"), "each node here runs alone");
        }
    }

    @Test
    void watchStreamsChangesUntilInterruptedAndTheConsoleGoesOn() throws Exception {
        try (PipedConsole c = console()) {
            int from = c.screen().length();
            c.type("watch w/");
            c.awaitScreen(from, "watching keys starting with 'w/' on n1");
            client.put("w/1", "first", Context.EMPTY);
            client.put("elsewhere", "ignored", Context.EMPTY);
            client.delete("w/1", client.get("w/1").context());
            String shown = c.awaitScreen(from, "w/1 deleted");
            assertTrue(shown.contains("w/1 = first  (by n1@"), shown);
            assertFalse(shown.contains("elsewhere"), shown);
            c.interrupt();
            c.awaitScreen(from, "watch stopped\n");
            assertEquals("(not found)\n", c.run("get w/1"));
        }
    }

    @Test
    void helpExplainsContextsAndHistoryPersists() throws Exception {
        try (PipedConsole c = console()) {
            String help = c.run("help");
            assertTrue(help.contains("put after get overwrites what you read"), help);
            assertTrue(help.contains("  siblings KEY"), help);
            assertEquals("put KEY VALUE\n  write VALUE, over what you last read of KEY (see below)\n", c.run("help put"));
            c.type("exit");
            c.awaitEnd();
            assertFalse(c.alive());
        }
        List<String> history = Files.readAllLines(home.resolve("history"));
        assertTrue(history.stream().anyMatch(l -> l.endsWith("help put")), history::toString);
    }

    @Test
    void endOfInputLeavesTheConsole() throws Exception {
        PipedConsole c = console();
        c.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> !c.alive());
        assertTrue(c.died() == null, () -> String.valueOf(c.died()));
    }
}
