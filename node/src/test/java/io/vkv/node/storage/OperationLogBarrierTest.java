package io.vkv.node.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vkv.node.runtime.Clock;
import io.vkv.node.runtime.Threads;
import io.vkv.node.version.KeyState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A barrier on the operation log completes only after every record queued before it is durable, and writes nothing. */
class OperationLogBarrierTest {

    @TempDir
    Path dir;

    @Test
    void aBarrierCompletesAfterEveryEarlierAppendAndAddsNoBytes() throws IOException {
        Path file = dir.resolve("log");
        try (OperationLog log = new OperationLog(file, FsyncPolicy.ALWAYS, Threads.daemon("barrier"), Clock.system())) {
            for (int round = 0; round < 20; round++) {
                List<CompletableFuture<Void>> appends = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    appends.add(log.append(LogRecordFormat.frame(("key-" + i).getBytes(), KeyState.EMPTY)));
                }
                long size = Files.size(file);
                CompletableFuture<Void> barrier = log.barrier();
                List<Boolean> doneWhenBarrierWas = barrier.thenApply(v -> appends.stream().map(CompletableFuture::isDone).toList()).join();
                assertTrue(doneWhenBarrierWas.stream().allMatch(d -> d), "round " + round + ": every earlier append was durable first");
                assertTrue(Files.size(file) >= size, "the file only grows");
            }
            long before = Files.size(file);
            log.barrier().join();
            assertEquals(before, Files.size(file), "a barrier alone writes nothing");
        }
    }
}
