package io.vkv.cli.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vkv.cli.cluster.ProcessRecord.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessRecordTest {

    @TempDir
    Path dir;

    private static ProcessRecord of(long pid, Instant started) {
        return new ProcessRecord("n1", Role.NODE, pid, started, "127.0.0.1:7001", Path.of("/data/n1"), Path.of("/logs/n1.log"),
                List.of("java", "-jar", "vkv.jar", "node", "--id", "n1", "--broker-url", "tcp://127.0.0.1:1883"));
    }

    @Test
    void aSavedRecordLoadsBackEqual() throws Exception {
        ProcessRecord r = of(4242, Instant.parse("2025-01-02T03:04:05.678Z"));
        r.save(dir.resolve("n1.properties"));
        assertEquals(r, ProcessRecord.load(dir.resolve("n1.properties")));
        ProcessRecord noStart = new ProcessRecord("broker", Role.BROKER, 7, null, "127.0.0.1:1883", null, Path.of("b.log"), List.of("x"));
        noStart.save(dir.resolve("broker.properties"));
        assertEquals(noStart, ProcessRecord.load(dir.resolve("broker.properties")));
        assertEquals(1883, noStart.port());
    }

    @Test
    void aDamagedRecordIsNamedInTheError() throws Exception {
        Path f = dir.resolve("n1.properties");
        Files.writeString(f, "id=n1\nrole=node\npid=twelve\naddress=127.0.0.1:7001\nlog=n1.log\n");
        ClusterException e = assertThrows(ClusterException.class, () -> ProcessRecord.load(f));
        assertTrue(e.getMessage().startsWith(f + " is not a process record the launcher wrote"), e.getMessage());
        Files.writeString(f, "id=n1\npid=1\n");
        assertTrue(assertThrows(ClusterException.class, () -> ProcessRecord.load(f)).getMessage().contains("(no role)"));
    }

    @Test
    void liveMeansThePidRunsAndStartedWhenRecorded() throws Exception {
        ProcessHandle self = ProcessHandle.current();
        Instant started = self.info().startInstant().orElseThrow();
        assertTrue(of(self.pid(), started).isAlive());
        assertTrue(of(self.pid(), null).isAlive(), "no recorded start: the pid alone decides");
        assertFalse(of(self.pid(), started.minus(Duration.ofHours(1))).isAlive(), "same pid, other start: a reused pid");
        Process exited = new ProcessBuilder("true").start();
        exited.waitFor();
        assertFalse(of(exited.pid(), null).isAlive());
    }
}
