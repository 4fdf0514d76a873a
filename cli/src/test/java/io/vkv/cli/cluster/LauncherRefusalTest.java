package io.vkv.cli.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vkv.cli.Vkv;
import io.vkv.cli.cluster.ProcessRecord.Role;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the launcher refuses, with exit status 1 and one line saying why, before it starts anything. */
class LauncherRefusalTest {

    @TempDir
    Path tmp;

    private record Run(int status, String out, String err) {
    }

    private static Run vkv(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Vkv.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(status, out.toString(), err.toString());
    }

    private void assertRefused(String message, String... args) {
        Run r = vkv(args);
        assertEquals(new Run(1, "", message + "\n"), r);
    }

    @Test
    void aClusterWhoseProcessRunsIsNotStartedTwice() throws Exception {
        ClusterDir dir = new ClusterDir(tmp.resolve("c"));
        ProcessHandle self = ProcessHandle.current();
        dir.save(new ProcessRecord("n1", Role.NODE, self.pid(), self.info().startInstant().orElse(null), "127.0.0.1:7001",
                null, dir.log("n1"), List.of("java")));
        assertRefused("a cluster already runs in " + dir.root() + " (n1 pid " + self.pid()
                + "): see vkv cluster status, or stop it with vkv cluster down", "cluster", "up", "--dir", dir.root().toString());
        assertRefused("n1 is already running (pid " + self.pid() + ")", "cluster", "start", "n1", "--dir", dir.root().toString());
    }

    @Test
    void aTakenPortIsNamedWithTheNodeThatNeedsIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int base = taken.getLocalPort() - 1;
            Path dir = tmp.resolve("c");
            assertRefused("port " + taken.getLocalPort() + " (for n2) is in use: pick another --base-port or stop what listens there",
                    "cluster", "up", "--nodes", "2", "--base-port", String.valueOf(base), "--dir", dir.toString());
            assertFalse(Files.exists(dir), "nothing is written when up refuses");
        }
    }

    @Test
    void anAbsentExternalBrokerIsRefused() throws Exception {
        String dir = tmp.resolve("c").toString();
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        assertRefused("nothing listens at tcp://127.0.0.1:" + closed + ": start that broker first, or use --broker embedded",
                "cluster", "up", "--nodes", "1", "--base-port", String.valueOf(closed), "--broker", "tcp://127.0.0.1:" + closed, "--dir", dir);
    }

    @Test
    void commandsOnProcessesThatDoNotRunOrDoNotExistSaySo() throws Exception {
        ClusterDir dir = new ClusterDir(tmp.resolve("c"));
        String d = dir.root().toString();
        assertRefused("no cluster in " + d + " (start one with: vkv cluster up)", "cluster", "stop", "n1", "--dir", d);
        assertRefused("no cluster in " + d + " (start one with: vkv cluster up)", "cluster", "status", "--dir", d);
        Process exited = new ProcessBuilder("true").start();
        exited.waitFor();
        dir.save(new ProcessRecord("n1", Role.NODE, exited.pid(), null, "127.0.0.1:7001", null, dir.log("n1"), List.of("java")));
        assertRefused("n1 is not running", "cluster", "stop", "n1", "--dir", d);
        assertRefused("n1 is not running", "cluster", "kill", "n1", "--dir", d);
        assertRefused("no process 'n4' in " + d + " (known: n1)", "cluster", "restart", "n4", "--dir", d);
        assertRefused("n1 has no log yet (" + dir.log("n1") + ")", "cluster", "logs", "n1", "--dir", d);
        Run down = vkv("cluster", "down", "--dir", d);
        assertEquals(new Run(0, "nothing was running; data kept in " + d + "\n", ""), down);
    }

    @Test
    void usageErrorsExitTwo() {
        String dir = tmp.resolve("c").toString();
        assertUsageError("Invalid value for option '--broker': 'rabbit' is not a broker: expected auto, embedded, mosquitto or tcp://HOST:PORT",
                "vkv cluster up", "cluster", "up", "--broker", "rabbit", "--dir", dir);
        assertUsageError("a cluster command is required: up, status, stop, kill, start, restart, join, leave, logs or down", "vkv cluster", "cluster");
        assertUsageError("Invalid value for option '--lines': '0' is out of range; allowed: 1..1000000", "vkv cluster logs",
                "cluster", "logs", "n1", "-n", "0");
        assertUsageError("Invalid value for option '--nodes': '0' is out of range; allowed: 1..99", "vkv cluster up",
                "cluster", "up", "--nodes", "0", "--dir", dir);
        assertUsageError("--base-port 65534 leaves no room for 3 nodes; allowed with --nodes 3: 1..65533", "vkv cluster up",
                "cluster", "up", "--base-port", "65534", "--dir", dir);
        assertFalse(Files.exists(Path.of(dir)), "nothing is written when up refuses");
    }

    private static void assertUsageError(String message, String command, String... args) {
        assertEquals(new Run(2, "", message + "\nsee '" + command + " --help'\n"), vkv(args));
    }
}
