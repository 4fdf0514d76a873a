package io.vkv.cli.cluster;

import static io.vkv.cli.cluster.PackagedVkv.inProcess;
import static io.vkv.cli.cluster.PackagedVkv.process;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vkv.cli.cluster.PackagedVkv.Run;
import io.vkv.client.Context;
import io.vkv.client.VkvClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher on real processes of the packaged jar: a broker and nodes started, killed, started again and taken down. */
class LocalClusterIT {

    @TempDir
    Path tmp;

    private Path dir;

    @AfterEach
    void takeDown() {
        if (dir != null) {
            inProcess("cluster", "down", "--purge", "--dir", dir.toString());
        }
    }

    private Run cluster(String... args) {
        String[] full = new String[args.length + 3];
        full[0] = "cluster";
        System.arraycopy(args, 0, full, 1, args.length);
        full[args.length + 1] = "--dir";
        full[args.length + 2] = dir.toString();
        return inProcess(full);
    }

    /** The status of process {@code id} in {@code status --json} output. */
    private static String status(String json, String id) {
        Matcher m = Pattern.compile("\"id\":\"" + id + "\",\"address\":\"[^\"]+\",\"pid\":(\\d+|null),\"status\":\"(\\w+)\"").matcher(json);
        assertTrue(m.find(), () -> id + " not in " + json);
        return m.group(2);
    }

    @Test
    void nodesKilledWhileOthersTakeWritesComeBackWithTheirDataAndDownStopsAll() throws Exception {
        dir = tmp.resolve("cluster");
        int base = PackagedVkv.freePorts(3);
        Run up = cluster("up", "--nodes", "3", "--base-port", String.valueOf(base));
        assertEquals(0, up.status(), up::toString);
        List<String> lines = up.out().lines().toList();
        assertEquals(5, lines.size(), up::toString);
        // The default broker: Mosquitto where it is installed (as on CI), the embedded one elsewhere.
        assertTrue(lines.get(0).matches("broker  127\\.0\\.0\\.1:\\d+ +pid \\d+ +data " + dir.resolve("broker")
                + "  \\(" + BrokerChoice.preferred().kind() + "\\)"), up::toString);
        for (int i = 1; i <= 3; i++) {
            assertTrue(lines.get(i).matches("n" + i + " +127\\.0\\.0\\.1:" + (base + i - 1) + " +pid \\d+ +data "
                    + Pattern.quote(dir.resolve("data/n" + i).toString())), up::toString);
        }
        Run again = cluster("up", "--nodes", "3", "--base-port", String.valueOf(base));
        assertEquals(1, again.status());
        assertTrue(again.err().startsWith("a cluster already runs in " + dir + " (broker pid "), again::toString);
        Run otherDir = inProcess("cluster", "up", "--base-port", String.valueOf(base), "--dir", tmp.resolve("other").toString());
        assertEquals("port " + base + " (for n1) is in use: pick another --base-port or stop what listens there\n", otherDir.err());

        String json = cluster("status", "--json").out();
        for (String id : List.of("broker", "n1", "n2", "n3")) {
            assertEquals("up", status(json, id), json);
        }
        java.util.regex.Matcher metrics = Pattern.compile("\"metrics_url\":\"(http://127\\.0\\.0\\.1:\\d+/metrics)\"").matcher(json);
        assertTrue(metrics.find(), "each launched node serves metrics: " + json);
        String scraped = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(metrics.group(1)))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(scraped.contains("\nvkv_keys "), scraped);
        try (VkvClient n1 = client(base); VkvClient n2 = client(base + 1); VkvClient n3 = client(base + 2)) {
            // One secret for the cluster: a context read from n1 is accepted by n2.
            n2.put("shared", "from n2", n1.put("shared", "from n1", Context.EMPTY));
            n2.put("on-n2", "kept", Context.EMPTY);

            Map<String, String> acked = new ConcurrentHashMap<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicBoolean writing = new AtomicBoolean(true);
            Thread writer = new Thread(() -> {
                for (int i = 0; writing.get(); i++) {
                    try {
                        (i % 2 == 0 ? n1 : n3).put("w/" + i, "v" + i, Context.EMPTY);
                        acked.put("w/" + i, "v" + i);
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, e);
                    }
                }
            }, "writer");
            writer.start();
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> acked.size() > 20);
                assertEquals(new Run(0, "n2 killed\n", ""), cluster("kill", "n2"));
                assertEquals("down", status(cluster("status", "--json").out(), "n2"));
                int atKill = acked.size();
                await().atMost(Duration.ofSeconds(30)).until(() -> acked.size() > atKill + 50);

                Run start = cluster("start", "n2");
                assertTrue(start.out().matches("n2 started: 127\\.0\\.0\\.1:" + (base + 1) + "  pid \\d+\n"), start::toString);
                assertEquals("kept", n2.get("on-n2").valueString().orElseThrow(), "n2 recovered its data after kill -9");
                assertEquals("from n2", n2.get("shared").valueString().orElseThrow());
            } finally {
                writing.set(false);
                writer.join();
            }
            assertEquals(null, failure.get(), "writes to n1 and n3 never failed while n2 was down");
            // n2 catches up with everything n1 and n3 acknowledged while it was down.
            await().atMost(Duration.ofSeconds(60)).until(() -> acked.entrySet().stream()
                    .allMatch(e -> n2.get(e.getKey()).valueString().orElse("").equals(e.getValue())));
        }
        Run down = cluster("down");
        assertEquals(new Run(0, "stopped n1, n2, n3, broker; data kept in " + dir + "\n", ""), down);
        String after = cluster("status", "--json").out();
        for (String id : List.of("broker", "n1", "n2", "n3")) {
            assertEquals("down", status(after, id), after);
        }
        for (ProcessRecord r : new ClusterDir(dir).records()) {
            assertFalse(ProcessHandle.of(r.pid()).map(ProcessHandle::isAlive).orElse(false), r.id() + " still runs");
        }
        assertTrue(cluster("down", "--purge").out().startsWith("nothing was running; deleted "));
        assertFalse(Files.exists(dir));
    }

    @Test
    void processesOutliveTheLauncherAndRestartWithMosquitto() throws Exception {
        dir = tmp.resolve("mq");
        int base = PackagedVkv.freePorts(1);
        String d = dir.toString();
        // As separate processes: what they start must outlive them.
        Run up = process(tmp, "cluster", "up", "--nodes", "1", "--base-port", String.valueOf(base), "--broker", "mosquitto", "--dir", d);
        assertEquals(0, up.status(), up::toString);
        assertTrue(up.out().startsWith("broker  127.0.0.1:"), up::toString);
        assertTrue(up.out().contains("(mosquitto)"), up::toString);
        String json = process(tmp, "cluster", "status", "--json", "--dir", d).out();
        assertEquals("up", status(json, "broker"), json);
        assertEquals("up", status(json, "n1"), json);
        assertTrue(json.contains("\"kind\":\"mosquitto\""), json);

        assertEquals(new Run(0, "n1 stopped\n", ""), process(tmp, "cluster", "stop", "n1", "--dir", d));
        Run logs = process(tmp, "cluster", "logs", "n1", "-n", "5", "--dir", d);
        assertTrue(logs.out().contains("node n1 stopped"), logs::toString);
        assertTrue(process(tmp, "cluster", "restart", "n1", "--dir", d).out().startsWith("n1 restarted: 127.0.0.1:" + base), json);
        try (VkvClient n1 = client(base)) {
            n1.put("k", "v", Context.EMPTY);
        }
        assertEquals(new Run(0, "broker killed\n", ""), process(tmp, "cluster", "kill", "broker", "--dir", d));
        assertEquals("down", status(process(tmp, "cluster", "status", "--json", "--dir", d).out(), "broker"));
        assertTrue(process(tmp, "cluster", "start", "broker", "--dir", d).out().startsWith("broker started"));
        Run status = process(tmp, "cluster", "status", "--dir", d);
        assertTrue(status.out().matches("(?s)ID +ADDRESS +PID +STATUS +KEYS +PARTS +HINTS +LAG +BUILD +LOG +METRICS\nbroker .* up .*\nn1 +127\\.0\\.0\\.1:" + base
                + " +\\d+ +up +1 +64 +0 .* http://127\\.0\\.0\\.1:\\d+/metrics\n"), status::toString);
        Run down = process(tmp, "cluster", "down", "--purge", "--dir", d);
        assertEquals(new Run(0, "stopped n1, broker; deleted mq\n", ""), down, "paths under the working directory are shown relative");
    }

    @Test
    void aFiveNodeRingPlacesEachKeyOnThreeNodesAndAnyNodeAnswersForIt() throws Exception {
        dir = tmp.resolve("ring");
        int base = PackagedVkv.freePorts(5);
        Run up = cluster("up", "--nodes", "5", "--replicas", "3", "--base-port", String.valueOf(base));
        assertEquals(0, up.status(), up::toString);
        Run ring = inProcess("ring", "--json", "--node", "127.0.0.1:" + base);
        assertEquals(5, ring.out().lines().count(), ring::toString);
        assertTrue(ring.out().startsWith("{\"node\":\"n1\",\"address\":\"127.0.0.1:" + base + "\",\"token\":\"18446744073709551615\""), ring::toString);
        Run where = inProcess("where", "greeting", "--json", "--node", "127.0.0.1:" + base);
        Matcher replicas = Pattern.compile("\"node\":\"(n\\d)\"").matcher(where.out());
        List<String> holders = new ArrayList<>();
        while (replicas.find()) {
            holders.add(replicas.group(1));
        }
        assertEquals(3, holders.size(), where::toString);
        int holder = Integer.parseInt(holders.get(0).substring(1));
        assertEquals(0, inProcess("put", "greeting", "hello", "--node", "127.0.0.1:" + (base + holder - 1)).status());
        int outsider = List.of(1, 2, 3, 4, 5).stream().filter(i -> !holders.contains("n" + i)).findFirst().orElseThrow();
        Run get = inProcess("get", "greeting", "--node", "127.0.0.1:" + (base + outsider - 1));
        assertEquals("hello\n", get.out().lines().findFirst().orElse("") + "\n", get::toString);
        Run status = cluster("status", "--json");
        assertTrue(status.out().contains("\"forwarded\":1"), "the outsider forwarded the get: " + status.out());

        Run join = cluster("join", "n6");
        assertEquals(0, join.status(), join::toString);
        Matcher joined = Pattern.compile("^n6 joined: 127\\.0\\.0\\.1:(\\d+)  pid \\d+  serving after \\d+ ms\n$").matcher(join.out());
        assertTrue(joined.matches(), join::toString);
        Run six = inProcess("ring", "--json", "--node", "127.0.0.1:" + base);
        assertEquals(6, six.out().lines().count(), "every node sees the sixth on the ring: " + six);
        Run afterJoin = inProcess("get", "greeting", "--node", "127.0.0.1:" + joined.group(1));
        assertEquals("hello\n", afterJoin.out().lines().findFirst().orElse("") + "\n", afterJoin::toString);
        Run again = cluster("join", "n6");
        assertEquals(1, again.status(), again::toString);
        assertTrue(again.err().contains("n6 is already a node of this cluster: vkv cluster start n6 starts it again"), again::toString);

        Run leave = cluster("leave", "n2");
        assertEquals(0, leave.status(), leave::toString);
        assertTrue(leave.out().matches("n2 left: handed off \\d+ partitions in \\d+ ms; its data is deleted\n"), leave::toString);
        Run five = inProcess("ring", "--json", "--node", "127.0.0.1:" + base);
        assertEquals(5, five.out().lines().count(), five::toString);
        assertFalse(five.out().contains("\"node\":\"n2\""), five::toString);
        Run afterLeave = inProcess("get", "greeting", "--node", "127.0.0.1:" + base);
        assertEquals("hello\n", afterLeave.out().lines().findFirst().orElse("") + "\n", afterLeave::toString);
        assertFalse(Files.exists(dir.resolve("data").resolve("n2")), "n2 deleted its data");
    }

    private static VkvClient client(int port) {
        return VkvClient.builder().target("127.0.0.1", port).build();
    }
}
