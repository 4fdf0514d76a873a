package io.vkv.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {

    @TempDir
    Path dir;

    @Test
    void aPropertiesFileIsReadWithValuesTrimmed() throws IOException {
        Path f = dir.resolve("vkv.properties");
        Files.writeString(f, "# a node\nnode.id = n3\nnode.port=7003   \n\nfsync: never\n");
        assertEquals(Map.of("node.id", "n3", "node.port", "7003", "fsync", "never"), ConfigFile.read(f));
    }

    @Test
    void aMissingFileIsNamed() {
        Path f = dir.resolve("nope.properties");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFile.read(f));
        assertEquals("config file " + f + " does not exist or is not a file", e.getMessage());
    }

    @Test
    void theFileIsFoundByFlagThenEnvironmentThenWorkingDirectory() throws IOException {
        Path local = dir.resolve(ConfigFile.DEFAULT_NAME);
        assertEquals(Optional.empty(), ConfigFile.locate(CommandLineFlags.parse(), Map.of(), dir));
        Files.writeString(local, "");
        assertEquals(Optional.of(local), ConfigFile.locate(CommandLineFlags.parse(), Map.of(), dir));
        assertEquals(Optional.of(Path.of("/env.properties")),
                ConfigFile.locate(CommandLineFlags.parse(), Map.of("VKV_CONFIG", "/env.properties"), dir));
        assertEquals(Optional.of(Path.of("/flag.properties")), ConfigFile.locate(
                CommandLineFlags.parse("--config", "/flag.properties"), Map.of("VKV_CONFIG", "/env.properties"), dir));
    }

    @Test
    void loadCombinesFileEnvironmentAndFlags() throws IOException {
        Path f = dir.resolve("node.properties");
        Files.writeString(f, "node.id=f1\nnode.port=7100\ncluster.name=from-file\n");
        NodeConfig c = ConfigFile.load(new String[] {"--config", f.toString(), "--port", "7300"},
                Map.of("VKV_PORT", "7200", "VKV_CLUSTER_NAME", "from-env"), dir);
        assertEquals("f1", c.nodeId());
        assertEquals(7300, c.port());
        assertEquals("from-env", c.clusterName());
    }

    @Test
    void unknownKeysInAFileAreAnErrorNamingThem() throws IOException {
        Path f = dir.resolve("typo.properties");
        Files.writeString(f, "node.id=t1\nsnapshot.intervall=30s\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigFile.load(new String[] {"--config", f.toString()}, Map.of(), dir));
        assertTrue(e.getMessage().startsWith("unknown key in config file: snapshot.intervall"), e.getMessage());
    }
}
