package io.vkv.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommandLineFlagsTest {

    @Test
    void flagsAreKeyedByConfigKeyInBothForms() {
        CommandLineFlags f = CommandLineFlags.parse("--port", "7002", "--node-id=n2", "--fsync", "interval:10");
        assertEquals(Map.of("node.port", "7002", "node.id", "n2", "fsync", "interval:10"), f.values());
        assertEquals(Optional.empty(), f.configFile());
    }

    @Test
    void theConfigFileFlagIsSeparate() {
        CommandLineFlags f = CommandLineFlags.parse("--config", "/etc/vkv.properties", "--host=0.0.0.0");
        assertEquals(Optional.of(Path.of("/etc/vkv.properties")), f.configFile());
        assertEquals(Map.of("node.host", "0.0.0.0"), f.values());
    }

    @Test
    void anEmptyValueIsAllowedWithEquals() {
        assertEquals(Map.of("broker.url", ""), CommandLineFlags.parse("--broker-url=").values());
    }

    @Test
    void unknownFlagsMissingValuesStrayArgumentsAndRepeatsAreErrors() {
        String e = assertThrows(ConfigException.class,
                () -> CommandLineFlags.parse("--prot", "1", "--port", "oops", "--host", "--fsync", "never", "--fsync=always"))
                .getMessage();
        String[] lines = e.split("\n");
        assertTrue(lines[0].startsWith("unknown flag --prot (known flags: --config, --node-id, --host, --port"), lines[0]);
        assertEquals("flag --host needs a value", lines[1]);
        assertEquals("flag --fsync is given twice", lines[2]);
        assertEquals(3, lines.length, e);
        assertEquals("unexpected argument 'extra' (settings are given as --flag value)",
                assertThrows(ConfigException.class, () -> CommandLineFlags.parse("extra")).getMessage());
    }

    @Test
    void flagValuesBeatEverythingElse() {
        CommandLineFlags f = CommandLineFlags.parse("--partitions", "16");
        NodeConfig c = NodeConfigLoader.load(Map.of("partitions", "8"), Map.of("VKV_PARTITIONS", "4"), f.values());
        assertEquals(16, c.partitions());
    }
}
