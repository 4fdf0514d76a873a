package io.vkv.cli.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MosquittoConfigTest {

    @TempDir
    Path tmp;

    @Test
    void withoutTheRepositorysConfigItWritesTheMinimalOneWithSafeQueueLimits() throws Exception {
        ClusterDir dir = new ClusterDir(tmp.resolve("c"));
        List<String> lines = Files.readAllLines(MosquittoConfig.write(dir, 18830, Optional.empty(), Optional.empty()));
        assertTrue(lines.containsAll(List.of("listener 18830 127.0.0.1", "allow_anonymous true", "persistence true",
                "persistence_location " + dir.root().resolve("broker") + "/", "max_queued_messages 100000",
                "max_inflight_messages 1000", "log_dest stdout")), lines::toString);
        assertTrue(Files.isDirectory(dir.root().resolve("broker")));
    }

    @Test
    void theRepositorysConfigIsUsedWithItsLocalOverridesAndOurListener() throws Exception {
        Path repo = tmp.resolve("repo");
        Files.createDirectories(repo.resolve("broker-config"));
        Files.write(repo.resolve("broker-config/mosquitto.conf"), List.of(
                "# production", "listener 1883 127.0.0.1", "allow_anonymous false", "password_file /etc/mosquitto/vkv.passwd",
                "persistence true", "persistence_location /var/lib/mosquitto/", "max_queued_messages 1000000", "log_dest syslog"));
        Files.write(repo.resolve("broker-config/mosquitto-test.conf"), List.of("# local", "allow_anonymous true", "password_file"));
        List<String> lines = Files.readAllLines(MosquittoConfig.write(new ClusterDir(tmp.resolve("c")), 18831, Optional.of(repo), Optional.empty()));
        assertTrue(lines.containsAll(List.of("listener 18831 127.0.0.1", "allow_anonymous true", "max_queued_messages 1000000",
                "persistence true", "log_dest stdout")), lines::toString);
        assertEquals(1, lines.stream().filter(l -> l.startsWith("listener")).count(), lines::toString);
        assertFalse(lines.stream().anyMatch(l -> l.startsWith("password_file") || l.contains("/var/lib/mosquitto")
                || l.equals("allow_anonymous false") || l.equals("log_dest syslog")), lines::toString);
    }
}
