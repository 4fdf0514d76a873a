package io.vkv.node.storage;
import static io.vkv.node.storage.DataDirFiles.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vkv.node.testing.CoordinatedStore;
import io.vkv.node.version.Actor;
import io.vkv.node.version.Sibling;
import io.vkv.node.version.VersionVector;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Durability against a real crash: a child JVM writes under fsync {@code always} and reports each
 * acknowledged key; it is killed with SIGKILL mid-stream, and every acknowledged write must be on disk.
 */
class CrashDurabilityTest {

    private static final int WRITER_THREADS = 8;

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "killed after {0} acknowledgements")
    @ValueSource(ints = {300, 1500})
    void everyAcknowledgedWriteSurvivesSigkill(int killAfter) throws Exception {
        Path dir = tmp.resolve("data");
        Path childErr = tmp.resolve("child.err");
        Process child = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                CrashWriter.class.getName(), dir.toString(), Integer.toString(WRITER_THREADS))
                .redirectError(childErr.toFile())
                .start();
        List<String> acknowledged = new ArrayList<>();
        Actor victim;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String first = out.readLine();
            assertTrue(first != null && first.startsWith("actor "), "child did not start: " + first + "\n" + Files.readString(childErr));
            victim = Actor.parse(first.substring("actor ".length()));
            String line;
            while (acknowledged.size() < killAfter && (line = out.readLine()) != null) {
                acknowledged.add(line);
            }
            // SIGKILL: no shutdown hook, no close, no final flush. Through the handle, because
            // Process.destroyForcibly also closes our end of the pipe, with acknowledgements still in it.
            child.toHandle().destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            while ((line = out.readLine()) != null) {
                acknowledged.add(line); // acknowledged before the kill, still in the pipe
            }
        } finally {
            child.destroyForcibly();
        }
        assertEquals(137, child.exitValue(), "killed by SIGKILL, not exited: " + Files.readString(childErr));
        assertTrue(acknowledged.size() >= killAfter, "only " + acknowledged.size() + " acknowledgements\n" + Files.readString(childErr));

        StorageOptions options = StorageOptions.defaults(dir, "victim").withSnapshotInterval(Duration.ZERO);
        try (CoordinatedStore store = CoordinatedStore.open(options)) {
            assertNotEquals(victim, store.actor(), "a crashed store continues as a new incarnation");
            assertEquals(victim.nodeId(), store.actor().nodeId());
            for (String key : acknowledged) {
                List<Sibling> values = store.get(utf8(key)).values();
                assertEquals(1, values.size(), "acknowledged write of " + key + " lost");
                assertEquals("value of " + key, DataDirFiles.text(values.get(0).value()));
                assertEquals(victim, values.get(0).dot().actor());
            }
            assertTrue(store.keyCount() >= acknowledged.size());
            store.put(utf8("after-crash"), utf8("x"), VersionVector.EMPTY).join();
        }
    }
}
