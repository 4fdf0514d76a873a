package io.vkv.node.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterSecretTest {

    @TempDir
    Path dir;

    @Test
    void aSecretIsGeneratedOnceIntoTheDataDirectoryReadableOnlyByItsOwner() throws IOException {
        NodeConfig c = NodeConfig.defaults("n1", dir.resolve("data"));
        byte[] first = ClusterSecret.resolve(c);
        Path file = dir.resolve("data").resolve(ClusterSecret.FILE_NAME);
        assertTrue(Files.isRegularFile(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(64, first.length); // 32 random bytes in hex
        assertArrayEquals(first, ClusterSecret.resolve(c), "the secret must survive restarts");
    }

    @Test
    void twoDataDirectoriesGetDifferentSecrets() throws IOException {
        byte[] a = ClusterSecret.resolve(NodeConfig.defaults("n1", dir.resolve("a")));
        byte[] b = ClusterSecret.resolve(NodeConfig.defaults("n1", dir.resolve("b")));
        assertFalse(Arrays.equals(a, b));
    }

    @Test
    void aConfiguredSecretWinsAndNoFileIsWritten() throws IOException {
        NodeConfig c = NodeConfig.defaults("n1", dir.resolve("data"), Map.of(ConfigKey.CLUSTER_SECRET.key(), "shared-by-every-node"));
        assertArrayEquals("shared-by-every-node".getBytes(StandardCharsets.UTF_8), ClusterSecret.resolve(c));
        assertFalse(Files.exists(dir.resolve("data").resolve(ClusterSecret.FILE_NAME)));
    }

    @Test
    void aSecretFileTooShortIsRefusedNamingTheFile() throws IOException {
        Path file = dir.resolve(ClusterSecret.FILE_NAME);
        Files.writeString(file, "short\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ClusterSecret.resolve(NodeConfig.defaults("n1", dir)));
        assertEquals(file + " holds a secret of 5 characters; at least 16 are required", e.getMessage());
    }

    @Test
    void aHandWrittenSecretFileIsUsedTrimmed() throws IOException {
        Files.writeString(dir.resolve(ClusterSecret.FILE_NAME), "  copied-from-node-one  \n");
        assertArrayEquals("copied-from-node-one".getBytes(StandardCharsets.UTF_8),
                ClusterSecret.resolve(NodeConfig.defaults("n2", dir)));
    }
}
