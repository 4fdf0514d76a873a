package io.vkv.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vkv.node.storage.FsyncPolicy;
import io.vkv.node.storage.Limits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NodeConfigLoaderTest {

    private static NodeConfig file(Map<String, String> entries) {
        return NodeConfigLoader.load(entries, Map.of(), Map.of());
    }

    private static String errorFor(Map<String, String> entries) {
        return assertThrows(ConfigException.class, () -> file(entries)).getMessage();
    }

    @Test
    void defaultsApplyWhenNothingIsSet() {
        NodeConfig c = file(Map.of());
        assertEquals("n1", c.nodeId());
        assertEquals("127.0.0.1", c.host());
        assertEquals(7001, c.port());
        assertEquals(Path.of("data", "n1"), c.dataDir());
        assertEquals(FsyncPolicy.ALWAYS, c.fsync());
        assertEquals(Duration.ofSeconds(60), c.snapshotInterval());
        assertEquals(Limits.DEFAULT, c.limits());
        assertEquals("vkv", c.clusterName());
        assertEquals(Optional.empty(), c.clusterSecret());
        assertEquals(64, c.partitions());
        assertTrue(c.standalone());
        assertEquals(Duration.ofSeconds(10), c.shutdownGrace());
        assertEquals(Duration.ofMillis(10), c.batchWindow());
        assertEquals(Duration.ofSeconds(30), c.antiEntropyInterval());
        assertEquals(1024, c.watchQueue());
    }

    @Test
    void everyKeyIsReadFromTheFile() {
        NodeConfig c = file(Map.ofEntries(
                Map.entry("node.id", "n7"), Map.entry("node.host", "0.0.0.0"), Map.entry("node.port", "7007"),
                Map.entry("node.advertise", "n7.example.com"),
                Map.entry("data.dir", "/var/lib/vkv"), Map.entry("fsync", "interval:50"),
                Map.entry("snapshot.interval", "5m"), Map.entry("limits.key.bytes", "2KiB"),
                Map.entry("limits.value.bytes", "4MiB"), Map.entry("cluster.name", "prod"),
                Map.entry("cluster.secret", "0123456789abcdef"), Map.entry("partitions", "128"),
                Map.entry("broker.url", "tcp://broker:1883"), Map.entry("shutdown.grace", "1500ms"),
                Map.entry("replication.batch.window", "25ms"), Map.entry("replication.anti-entropy.interval", "5m"),
                Map.entry("watch.queue", "16")));
        assertEquals("n7", c.nodeId());
        assertEquals("0.0.0.0", c.host());
        assertEquals(7007, c.port());
        assertEquals("n7.example.com:7007", c.advertisedAddress(7007));
        assertEquals(Path.of("/var/lib/vkv"), c.dataDir());
        assertEquals(FsyncPolicy.interval(Duration.ofMillis(50)), c.fsync());
        assertEquals(Duration.ofMinutes(5), c.snapshotInterval());
        assertEquals(new Limits(2048, 4 * 1024 * 1024), c.limits());
        assertEquals("prod", c.clusterName());
        assertEquals(Optional.of("0123456789abcdef"), c.clusterSecret());
        assertEquals(128, c.partitions());
        assertEquals("tcp://broker:1883", c.brokerUrl());
        assertFalse(c.standalone());
        assertEquals(Duration.ofMillis(1500), c.shutdownGrace());
        assertEquals(Duration.ofMillis(25), c.batchWindow());
        assertEquals(Duration.ofMinutes(5), c.antiEntropyInterval());
        assertEquals(16, c.watchQueue());
    }

    @Test
    void theAdvertisedAddressDefaultsToTheListeningOneAndTakesTheActualPortUnlessItNamesOne() {
        assertEquals("127.0.0.1:41234", file(Map.of("node.port", "0")).advertisedAddress(41234));
        assertEquals("10.1.2.3:7001", file(Map.of("node.advertise", "10.1.2.3")).advertisedAddress(7001));
        assertEquals("vkv-1.internal:17001", file(Map.of("node.advertise", "vkv-1.internal:17001")).advertisedAddress(7001));
        assertEquals("[fd00::5]:7001", file(Map.of("node.advertise", "[fd00::5]")).advertisedAddress(7001));
        assertEquals("[fd00::5]:7100", file(Map.of("node.advertise", "[fd00::5]:7100")).advertisedAddress(7001));
    }

    @Test
    void aWildcardHostWithABrokerNeedsAnAdvertisedAddress() {
        assertEquals("node.advertise must be set when node.host is 0.0.0.0 and a broker is configured: peers cannot reach"
                + " a node at a wildcard address (e.g. --advertise node1.example.com)",
                errorFor(Map.of("node.host", "0.0.0.0", "broker.url", "tcp://broker:1883")));
        assertTrue(file(Map.of("node.host", "0.0.0.0")).standalone(), "alone, nobody needs to reach it");
    }

    @Test
    void malformedAdvertisedAddressesAreRefused() {
        for (String bad : new String[] {"a:b:c", "host:0", "host:70000", "host:x", "[::1", "[]:7001", "[::1]x", ":7001", "a b"}) {
            assertEquals("node.advertise: '" + bad + "' is not host or host:port (write IPv6 addresses in brackets: [::1]:7001)",
                    errorFor(Map.of("node.advertise", bad)), bad);
        }
    }

    @Test
    void replicationTunablesAreBoundedWithReasons() {
        assertEquals(Duration.ZERO, file(Map.of("replication.batch.window", "0")).batchWindow());
        assertEquals(Duration.ZERO, file(Map.of("replication.anti-entropy.interval", "0")).antiEntropyInterval());
        assertEquals("replication.batch.window: '2s' is out of range (0 to 1s)",
                errorFor(Map.of("replication.batch.window", "2s")));
        assertEquals("replication.anti-entropy.interval: '500ms' is too short: at least 1s, or 0 for no periodic rounds",
                errorFor(Map.of("replication.anti-entropy.interval", "500ms")));
        assertEquals("replication.anti-entropy.interval: 'often' is not a duration (a number followed by ms, s, m or h, e.g. 500ms, 30s, 5m)",
                errorFor(Map.of("replication.anti-entropy.interval", "often")));
    }

    @Test
    void quorumsDefaultToOneAndStayWithinTheReplicas() {
        NodeConfig c = file(Map.of("ring.replicas", "5", "quorum.r", "2", "quorum.w", "4"));
        assertEquals(2, c.readQuorum());
        assertEquals(4, c.writeQuorum());
        assertEquals(1, file(Map.of()).readQuorum());
        assertEquals("quorum.w: must be within 1..3 (ring.replicas): no more replicas than that hold a key, got 4",
                errorFor(Map.of("quorum.w", "4")));
        assertEquals("quorum.r: '0' is not a whole number in 1..64", errorFor(Map.of("quorum.r", "0")));
    }

    @Test
    void theDataDirDefaultFollowsTheNodeId() {
        assertEquals(Path.of("data", "n9"), file(Map.of("node.id", "n9")).dataDir());
    }

    @Test
    void flagBeatsEnvironmentBeatsFileBeatsDefault() {
        Map<String, String> fileEntries = Map.of("node.port", "7001", "node.host", "10.0.0.1", "fsync", "never");
        Map<String, String> env = Map.of("VKV_PORT", "7002", "VKV_HOST", "10.0.0.2");
        Map<String, String> flags = Map.of("node.port", "7003");
        NodeConfig c = NodeConfigLoader.load(fileEntries, env, flags);
        assertEquals(7003, c.port());
        assertEquals("10.0.0.2", c.host());
        assertEquals(FsyncPolicy.NEVER, c.fsync());
        assertEquals("vkv", c.clusterName());
    }

    @Test
    void everyKeyHasAnEnvironmentVariable() {
        for (ConfigKey k : ConfigKey.values()) {
            assertTrue(k.envVar().startsWith("VKV_"), k.key());
            assertTrue(k.flag().startsWith("--"), k.key());
        }
        NodeConfig c = NodeConfigLoader.load(Map.of(), Map.of("VKV_NODE_ID", "e1", "VKV_PARTITIONS", "8",
                "VKV_CLUSTER_SECRET", "a-secret-from-the-env"), Map.of());
        assertEquals("e1", c.nodeId());
        assertEquals(8, c.partitions());
        assertEquals(Optional.of("a-secret-from-the-env"), c.clusterSecret());
    }

    @Test
    void aBadPortNamesTheKeyTheValueAndTheRange() {
        assertEquals("node.port: '70000' is not a port (0..65535)", errorFor(Map.of("node.port", "70000")));
        assertEquals("node.port: 'http' is not a port (0..65535)", errorFor(Map.of("node.port", "http")));
    }

    @Test
    void aBadValueFromTheEnvironmentOrAFlagSaysWhereItCameFrom() {
        String env = assertThrows(ConfigException.class,
                () -> NodeConfigLoader.load(Map.of(), Map.of("VKV_PORT", "-1"), Map.of())).getMessage();
        assertEquals("node.port: '-1' is not a port (0..65535) (from VKV_PORT)", env);
        String flag = assertThrows(ConfigException.class,
                () -> NodeConfigLoader.load(Map.of(), Map.of(), Map.of("partitions", "0"))).getMessage();
        assertEquals("partitions: '0' is not a whole number in 1..65536 (from --partitions)", flag);
    }

    @Test
    void badValuesOfEveryKindAreExplained() {
        assertEquals("fsync: 'sometimes' is not an fsync policy (always, never or interval:<ms> with ms > 0)",
                errorFor(Map.of("fsync", "sometimes")));
        assertEquals("fsync: 'interval:0' is not an fsync policy (always, never or interval:<ms> with ms > 0)",
                errorFor(Map.of("fsync", "interval:0")));
        assertEquals("snapshot.interval: '30' is not a duration (a number followed by ms, s, m or h, e.g. 500ms, 30s, 5m)",
                errorFor(Map.of("snapshot.interval", "30")));
        assertEquals("limits.value.bytes: '65MiB' is not a size in 0..67108864 bytes, e.g. 1024, 64KiB or 1MiB",
                errorFor(Map.of("limits.value.bytes", "65MiB")));
        assertEquals("limits.key.bytes: '0' is not a size in 1..65535 bytes, e.g. 1024, 64KiB or 1MiB",
                errorFor(Map.of("limits.key.bytes", "0")));
        assertTrue(errorFor(Map.of("node.id", "-bad id")).startsWith("node.id: '-bad id' is not a name (1..64 characters"));
        assertTrue(errorFor(Map.of("cluster.name", "a/b")).startsWith("cluster.name: 'a/b' is not a name"));
        assertEquals("broker.url: 'http://b:80' is not a broker URL (tcp://host:port or ssl://host:port, or empty to run alone)",
                errorFor(Map.of("broker.url", "http://b:80")));
        assertTrue(errorFor(Map.of("broker.url", "tcp://broker")).startsWith("broker.url: 'tcp://broker' is not a broker URL"));
        assertEquals("node.host: 'a b' is not a host name or IP address", errorFor(Map.of("node.host", "a b")));
        assertEquals("watch.queue: '0' is not a whole number in 1..1000000", errorFor(Map.of("watch.queue", "0")));
        assertEquals("data.dir: '' is not a directory path", errorFor(Map.of("data.dir", "")));
    }

    @Test
    void aShortSecretIsRefusedWithoutPrintingIt() {
        String error = errorFor(Map.of("cluster.secret", "hunter2"));
        assertEquals("cluster.secret: the secret is 7 characters; at least 16 are required"
                + " (or leave it empty to use <data.dir>/cluster.secret)", error);
        assertFalse(error.contains("hunter2"));
    }

    @Test
    void theSecretIsLeftOutOfToString() {
        NodeConfig c = file(Map.of("cluster.secret", "a-very-secret-value"));
        assertFalse(c.toString().contains("a-very-secret-value"));
        assertTrue(c.toString().contains("cluster.secret=(set)"));
    }

    @Test
    void unknownKeysInTheFileAreNamed() {
        String error = errorFor(Map.of("node.prot", "7001", "fsynk", "always"));
        assertTrue(error.startsWith("unknown keys in config file: fsynk, node.prot (known keys: node.id, "), error);
    }

    @Test
    void everyProblemIsReportedAtOnceOneLineEach() {
        String error = errorFor(Map.of("node.port", "x", "fsync", "y", "colour", "blue"));
        String[] lines = error.split("\n");
        assertEquals(3, lines.length, error);
        assertTrue(lines[0].startsWith("unknown key in config file: colour"), lines[0]);
        assertTrue(error.contains("node.port: 'x' is not a port"), error);
        assertTrue(error.contains("fsync: 'y' is not an fsync policy"), error);
    }

    @Test
    void storageOptionsCarryTheStorageSettings() {
        NodeConfig c = file(Map.of("node.id", "s1", "data.dir", "/d", "fsync", "never", "partitions", "4",
                "snapshot.interval", "0", "limits.value.bytes", "100"));
        var o = c.storageOptions();
        assertEquals(Path.of("/d"), o.dataDir());
        assertEquals("s1", o.nodeId());
        assertEquals(FsyncPolicy.NEVER, o.fsync());
        assertEquals(Duration.ZERO, o.snapshotInterval());
        assertEquals(4, o.partitions());
        assertEquals(100, o.limits().maxValueBytes());
    }

    @Test
    void defaultsWithSettingsApplyThemAndValidateThemLikeAnyOtherSource() {
        NodeConfig c = NodeConfig.defaults("n7", Path.of("d7"), Map.of("watch.queue", "16", "node.port", "0"));
        assertEquals("n7", c.nodeId());
        assertEquals(Path.of("d7"), c.dataDir());
        assertEquals(16, c.watchQueue());
        assertEquals(0, c.port());

        ConfigException e = assertThrows(ConfigException.class, () -> NodeConfig.defaults("n7", Path.of("d7"), Map.of("watch.queue", "0")));
        assertEquals("watch.queue: '0' is not a whole number in 1..1000000", e.getMessage());
    }
}
