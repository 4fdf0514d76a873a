package io.vkv.cli.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vkv.cli.cluster.ProcessRecord.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterDirTest {

    @TempDir
    Path tmp;

    private static ProcessRecord record(String id, Role role) {
        return new ProcessRecord(id, role, 1, null, "127.0.0.1:7001", null, Path.of(id + ".log"), List.of("x"));
    }

    @Test
    void recordsListTheBrokerFirstThenNodesInNumericOrder() throws Exception {
        ClusterDir dir = new ClusterDir(tmp.resolve("c"));
        assertEquals(List.of(), dir.records(), "no directory: no records");
        for (String id : List.of("n10", "n2", "n1")) {
            dir.save(record(id, Role.NODE));
        }
        dir.save(record("broker", Role.BROKER));
        dir.saveBroker(BrokerChoice.EMBEDDED, "tcp://127.0.0.1:1883");
        assertEquals(List.of("broker", "n1", "n2", "n10"), dir.records().stream().map(ProcessRecord::id).toList());
        assertEquals("tcp://127.0.0.1:1883", dir.broker().orElseThrow().getProperty("broker.url"));
        dir.clearRecords();
        assertEquals(List.of(), dir.records());
    }

    @Test
    void anUnknownIdNamesTheKnownOnes() throws Exception {
        ClusterDir dir = new ClusterDir(tmp.resolve("c"));
        assertEquals("no cluster in " + dir.root() + " (start one with: vkv cluster up)",
                assertThrows(ClusterException.class, () -> dir.record("n1")).getMessage());
        dir.save(record("n1", Role.NODE));
        dir.save(record("n2", Role.NODE));
        assertEquals("no process 'n7' in " + dir.root() + " (known: n1, n2)",
                assertThrows(ClusterException.class, () -> dir.record("n7")).getMessage());
    }

    @Test
    void theSecretIsMadeOnceReadableByTheOwnerOnly() throws Exception {
        ClusterDir dir = new ClusterDir(tmp.resolve("c"));
        String secret = dir.secret();
        assertTrue(secret.matches("[0-9a-f]{64}"), secret);
        assertEquals(secret, dir.secret());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.root().resolve("cluster.secret"))));
    }

    @Test
    void pathsInsideTheWorkingDirectoryAreShownRelative() {
        assertEquals(".vkv" + "/data/n1", ClusterDir.display(Path.of(".vkv/data/n1")));
        assertEquals("/elsewhere/x", ClusterDir.display(Path.of("/elsewhere/x")));
    }
}
