package io.vkv.cli.console;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vkv.client.Credentials;
import io.vkv.cli.cluster.BrokerChoice;
import io.vkv.cli.cluster.ClusterDir;
import io.vkv.cli.cluster.LocalCluster;
import io.vkv.cli.cluster.NodeProbe;
import io.vkv.cli.cluster.PackagedVkv;
import io.vkv.cli.cluster.ProcessRecord;
import io.vkv.client.Context;
import io.vkv.client.VkvClient;
import io.vkv.node.testing.RunningNode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vkv console} and {@code vkv demo} from the packaged jar in a real terminal (tmux), typed at as a user would. */
class ConsoleTerminalIT {

    private static final Path ROOT = Path.of(System.getProperty("basedir", "cli")).toAbsolutePath().getParent();
    private static final String VKV = "java -jar " + ROOT.resolve("cli/target/vkv.jar");

    @TempDir
    Path tmp;

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void aUserReadsWritesSeesSiblingsAndSurvivesMistakesAndDeadNodes() throws Exception {
        String dead = "127.0.0.1:" + closedPort();
        Path history = tmp.resolve("history");
        try (RunningNode node = RunningNode.start(tmp.resolve("n1"), "n1"); VkvClient client = VkvClient.builder().target(node.address()).build();
             Tmux t = new Tmux(VKV + " console --node " + dead + " --node " + node.address() + " --history " + history)) {
            // The first node that answers is used.
            t.awaitShown("vkv console on n1 (" + node.address() + "): type help for the commands");
            t.line("put greeting \"hello world\"");
            t.awaitShown("ok (blind write");
            t.line("get greeting");
            t.awaitShown("\nhello world\n");

            client.put("greeting", "hi", Context.EMPTY);
            t.line("get greeting");
            String siblings = t.awaitShown("2 siblings (versions written without seeing each other)");
            t.awaitShown("  hi  clock {n1@");
            assertTrue(siblings.contains("  hello world  clock {n1@"), siblings);
            t.line("resolve greeting 'hello, hi'");
            t.awaitShown("resolved 2 siblings of greeting into one value");

            t.line("frobnicate");
            t.awaitShown("unknown command 'frobnicate': type help for the list");
            assertTrue(t.screen(true).contains("\u001b[31munknown command 'frobnicate'"), "errors are red in a colour terminal");

            t.line("use " + dead);
            t.awaitShown("using " + dead + ", which does not answer now: commands will fail until it does");
            t.line("get greeting");
            t.awaitShown("cannot reach " + dead + ": connection refused");
            t.line("use n1");
            t.awaitShown("using n1 (" + node.address() + ")", 1);

            t.keys("get gree");
            t.press("Tab");
            t.press("Enter");
            t.awaitShown("vkv n1> get greeting \nhello, hi\n"); // completion adds the space after a whole word

            t.line("watch gr");
            t.awaitShown("watching keys starting with 'gr' on n1");
            client.put("grape", "purple", Context.EMPTY);
            t.awaitShown("grape = purple  (by n1@");
            t.press("C-c");
            t.awaitShown("watch stopped");
            t.line("get grape");
            t.awaitShown("\npurple\n");

            t.line("exit");
            await().atMost(Duration.ofSeconds(20)).until(t::exited);
        }
        List<String> saved = Files.readAllLines(history);
        assertTrue(saved.stream().anyMatch(l -> l.endsWith("resolve greeting 'hello, hi'")), saved::toString);
    }

    @Test
    void demoBringsUpThreeNodesOpensTheConsoleAndLeavesThemRunning() throws Exception {
        Path dir = tmp.resolve(".vkv");
        int base = PackagedVkv.freePorts(3);
        try (Tmux t = new Tmux("cd " + tmp + " && " + VKV + " demo --base-port " + base + " --history " + tmp.resolve("history"))) {
            try {
                t.awaitShown((BrokerChoice.preferred().equals(BrokerChoice.MOSQUITTO) ? "starting Mosquitto" : "starting the embedded broker")
                        + " and 3 nodes in .vkv ...");
                t.awaitShown("vkv console on n1 (127.0.0.1:" + base + ")");
                t.line("nodes");
                String nodes = t.awaitShown(" up, 0 keys", 3);
                assertTrue(nodes.contains("* n1     127.0.0.1:" + base), nodes);
                assertTrue(nodes.contains("  n3     127.0.0.1:" + (base + 2)), nodes);
                t.line("use n3");
                t.line("put city Lisbon");
                t.awaitShown("ok (blind write");
                t.press("C-c");
                t.press("C-d");
                t.awaitShown("The cluster is still running in .vkv. Stop it with: bin/vkv cluster down");
                await().atMost(Duration.ofSeconds(20)).until(t::exited);
                for (ProcessRecord r : new ClusterDir(dir).records()) {
                    assertTrue(r.isAlive(), r.id() + " outlives the demo");
                }
                assertEquals(1, NodeProbe.info("127.0.0.1:" + (base + 2), Duration.ofSeconds(5), Credentials.plaintext()).orElseThrow().getKeyCount());
            } finally {
                new LocalCluster(new ClusterDir(dir)).down(true);
            }
        }
    }
}
