package io.vkv.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vkv.client.KeyHistory;
import io.vkv.client.VkvClient;
import io.vkv.node.testing.RunningNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real {@code bin/vkv} script run as a process from another directory, after the fat jar is packaged. */
class BinVkvScriptIT {

    private static final Path ROOT = Path.of(System.getProperty("basedir", "cli")).toAbsolutePath().getParent();
    private static final Path SCRIPT = ROOT.resolve("bin/vkv");

    @TempDir
    Path cwd;

    record Result(int status, String out, String err) {
    }

    private Result run(Map<String, String> env, String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(cwd, "out", ".txt");
        Path err = Files.createTempFile(cwd, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("VKV_NODE");
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("bin/vkv " + args[0] + " did not finish");
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void anUnreachableNodeIsOneLineOnStderrAndExitOne() throws Exception {
        String dead = "127.0.0.1:" + closedPort();
        Result r = run(Map.of("VKV_NODE", dead), "", "get", "k", "--json");
        assertEquals(1, r.status(), r::toString);
        assertEquals("", r.out());
        assertEquals("cannot reach " + dead + ": connection refused; is a vkv node running there? (vkv cluster status shows a local cluster)\n", r.err());
    }

    @Test
    void aUsageErrorExitsTwo() throws Exception {
        Result r = run(Map.of(), "", "put", "only-a-key");
        assertEquals(2, r.status(), r::toString);
        assertEquals("Missing required parameter: 'VALUE'\nsee 'vkv put --help'\n", r.err(), r::toString);
    }

    @Test
    void jsonOutputIsCleanAndLoadReadsStdin() throws Exception {
        try (RunningNode node = RunningNode.start(cwd.resolve("data"))) {
            Map<String, String> env = Map.of("VKV_NODE", node.address());
            Result put = run(env, "", "put", "k", "v", "--json");
            assertEquals(0, put.status(), put::toString);
            assertTrue(put.out().matches("\\{\"key\":\"k\",\"context\":\"[A-Za-z0-9_-]+\"}\n"), put::toString);
            Result load = run(env, "a\t1\nb\t2\n", "load", "-", "--json");
            assertEquals(0, load.status(), load::toString);
            assertEquals("{\"acknowledged\":2}\n", load.out());
            Result dump = run(env, "", "dump");
            assertEquals("a\t1\nb\t2\nk\tv\n", dump.out(), dump::toString);
        }
    }

    @Test
    void aNodeRunsInTheForegroundAndStopsGracefullyOnSigterm() throws Exception {
        Path data = cwd.resolve("node-data");
        Path out = cwd.resolve("node.out");
        Path err = cwd.resolve("node.err");
        Process node = new ProcessBuilder(SCRIPT.toString(), "node", "--id", "n9", "--port", "0", "--data", data.toString(),
                "--fsync", "interval:50", "--snapshot-interval", "30s")
                .directory(cwd.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            Pattern serving = Pattern.compile("vkv node n9 serving on (127\\.0\\.0\\.1:\\d+)");
            String address = await().atMost(Duration.ofSeconds(60)).until(() -> {
                Matcher m = serving.matcher(Files.readString(out));
                return m.find() ? m.group(1) : null;
            }, a -> a != null);
            try (VkvClient client = VkvClient.builder().target(address).build()) {
                client.put("survives", "restart", null);
            }
            node.destroy();
            assertTrue(node.waitFor(60, TimeUnit.SECONDS), "node did not stop on SIGTERM");
            assertTrue(Files.readString(err).contains("node n9 stopped"), () -> readQuietly(err));
        } finally {
            node.destroyForcibly();
        }
        try (RunningNode again = RunningNode.start(data, "n9"); VkvClient client = VkvClient.builder().target(again.address()).build()) {
            assertEquals("restart", client.get("survives").valueString().orElseThrow());
        }
    }

    @Test
    void aKeysHistorySurvivesKillMinus9() throws Exception {
        Path data = cwd.resolve("history-data");
        Path out = cwd.resolve("history.out");
        List<Long> versions = new ArrayList<>();
        Process node = new ProcessBuilder(SCRIPT.toString(), "node", "--id", "h1", "--port", "0", "--data", data.toString())
                .directory(cwd.toFile()).redirectOutput(out.toFile()).redirectError(cwd.resolve("history.err").toFile()).start();
        try {
            Pattern serving = Pattern.compile("vkv node h1 serving on (127\\.0\\.0\\.1:\\d+)");
            String address = await().atMost(Duration.ofSeconds(60)).until(() -> {
                Matcher m = serving.matcher(Files.readString(out));
                return m.find() ? m.group(1) : null;
            }, a -> a != null);
            try (VkvClient client = VkvClient.builder().target(address).build()) {
                for (int i = 1; i <= 4; i++) {
                    client.put("ledger", "entry " + i, client.get("ledger").context());
                }
                client.history("ledger").versions().forEach(v -> versions.add(v.version()));
            }
            assertEquals(0, new ProcessBuilder("kill", "-9", Long.toString(node.pid())).start().waitFor());
            assertTrue(node.waitFor(30, TimeUnit.SECONDS), "kill -9 ends the node");
        } finally {
            node.destroyForcibly();
        }
        try (RunningNode again = RunningNode.start(data, "h1"); VkvClient client = VkvClient.builder().target(again.address()).build()) {
            KeyHistory h = client.history("ledger");
            assertEquals(versions, h.versions().stream().map(v -> v.version()).toList(), "every acknowledged version, same numbers");
            assertEquals("entry 2", client.getAt("ledger", versions.get(1)).siblings().get(0).valueString());
        }
    }

    @Test
    void aNodeTakesTheSeedSystemsFlagsAndServesTheirApi() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (io.vkv.broker.EmbeddedBroker broker = io.vkv.broker.EmbeddedBroker.start(0, null)) {
            Path out = cwd.resolve("seed.out");
            Process node = new ProcessBuilder(SCRIPT.toString(), "node", "--node-id", "s1", "--listen-addr", "127.0.0.1:" + port,
                    "--mqtt-broker-addr", "127.0.0.1", "--mqtt-broker-port", Integer.toString(broker.port()),
                    "--data", cwd.resolve("seed-data").toString())
                    .directory(cwd.toFile()).redirectOutput(out.toFile()).redirectError(cwd.resolve("seed.err").toFile()).start();
            io.grpc.ManagedChannel channel = io.grpc.Grpc.newChannelBuilderForAddress("127.0.0.1", port,
                    io.grpc.InsecureChannelCredentials.create()).build();
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(out).contains("vkv node s1 serving on 127.0.0.1:" + port));
                var kv = br.ufu.facom.gbc074.project.KeyValueStoreGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
                long ver = kv.put(br.ufu.facom.gbc074.project.KeyValueRequest.newBuilder().setKey("k").setVal("v").build()).getVer();
                assertEquals(ver, kv.get(br.ufu.facom.gbc074.project.KeyRequest.newBuilder().setKey("k").build()).getVer());
                await().atMost(Duration.ofSeconds(30)).until(() -> io.vkv.cli.cluster.NodeProbe.info("127.0.0.1:" + port, Duration.ofSeconds(5), io.vkv.client.Credentials.plaintext())
                        .map(i -> i.getBrokerConnected()).orElse(false)); // the broker the seed flags named
            } finally {
                channel.shutdownNow();
                node.destroy();
                node.waitFor(60, TimeUnit.SECONDS);
                node.destroyForcibly();
            }
        }
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
