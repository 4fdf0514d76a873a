package io.vkv.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Read-modify-write with resolvers under concurrency, and watches, against a real node. */
class UpdateAndWatchTest extends OneNodeTest {

    /** A grow-only counter: one slot per writer, merged by taking each slot's maximum. Encoded "w0=3,w1=5". */
    private static Map<String, Long> counter(byte[] bytes) {
        Map<String, Long> slots = new TreeMap<>();
        String text = bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
        for (String part : text.split(",")) {
            if (!part.isEmpty()) {
                String[] kv = part.split("=");
                slots.put(kv[0], Long.parseLong(kv[1]));
            }
        }
        return slots;
    }

    private static byte[] encode(Map<String, Long> slots) {
        StringBuilder sb = new StringBuilder();
        slots.forEach((w, n) -> sb.append(sb.length() == 0 ? "" : ",").append(w).append('=').append(n));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static final SiblingResolver MERGE_COUNTERS = SiblingResolver.merging((a, b) -> {
        Map<String, Long> merged = counter(a);
        counter(b).forEach((w, n) -> merged.merge(w, n, Math::max));
        return encode(merged);
    });

    @Test
    void concurrentUpdatesWithAMergingResolverLoseNoIncrement() throws Exception {
        byte[] key = "counter".getBytes(StandardCharsets.UTF_8);
        int writers = 4;
        int increments = 25;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<VkvClient> clients = new ArrayList<>();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String me = "w" + w;
                VkvClient c = VkvClient.builder().target(node.address()).build();
                clients.add(c);
                done.add(pool.submit(() -> {
                    for (int i = 0; i < increments; i++) {
                        c.update(key, MERGE_COUNTERS, current -> {
                            Map<String, Long> slots = counter(current);
                            slots.merge(me, 1L, Long::sum);
                            return encode(slots);
                        });
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
            clients.forEach(VkvClient::close);
        }
        Versions read = client.get(key).resolve(MERGE_COUNTERS);
        Map<String, Long> slots = counter(read.value().orElseThrow());
        assertEquals(writers * increments, slots.values().stream().mapToLong(Long::longValue).sum(), slots.toString());
        assertEquals(writers, slots.size());
    }

    @Test
    void sequentialUpdatesWithLastWriterWinsCount() {
        for (int i = 0; i < 10; i++) {
            client.update("lww", current -> String.valueOf(current == null ? 1 : Integer.parseInt(current) + 1));
        }
        Versions read = client.get("lww");
        assertEquals("10", read.valueString().orElseThrow());
        assertEquals(1, read.siblings().size());
    }

    @Test
    void anUpdateWritesBackOverEverySiblingItRead() {
        Context base = client.put("collapse", "a", Context.EMPTY);
        client.put("collapse", "b", base);
        client.put("collapse", "c", base);
        client.update("collapse", SiblingResolver.lastWriterWins(), current -> current + "!");
        Versions read = client.get("collapse");
        assertEquals(1, read.siblings().size());
        assertEquals("c!", read.valueString().orElseThrow());
    }

    @Test
    void anUpdateThatKeepsAllSiblingsIsRefused() {
        Context base = client.put("refused", "a", Context.EMPTY);
        client.put("refused", "b", base);
        client.put("refused", "c", base);
        UnresolvedSiblingsException e = assertThrows(UnresolvedSiblingsException.class,
                () -> client.update("refused", SiblingResolver.keepAll(), current -> "never written"));
        assertEquals(2, e.siblings());
        assertEquals(2, client.get("refused").live().size());
    }

    @Test
    void anUpdateReturningNullDeletes() {
        client.put("doomed", "v", Context.EMPTY);
        AtomicReference<String> seen = new AtomicReference<>();
        client.update("doomed", current -> {
            seen.set(current);
            return null;
        });
        assertEquals("v", seen.get());
        assertFalse(client.get("doomed").found());
        client.update("never-written", current -> {
            assertNull(current);
            return "created";
        });
        assertEquals("created", client.get("never-written").valueString().orElseThrow());
    }

    @Test
    void aWatchSeesChangesUnderItsPrefixOnlyUntilCancelled() throws InterruptedException {
        List<KeyChange> changes = new CopyOnWriteArrayList<>();
        List<VkvException> errors = new CopyOnWriteArrayList<>();
        WatchHandle handle = client.watch("watched/", new WatchListener() {
            @Override
            public void onChange(KeyChange change) {
                changes.add(change);
            }

            @Override
            public void onError(VkvException error) {
                errors.add(error);
            }
        });
        // The watch covers changes from the moment the node registers it: write until one is seen.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            client.put("watched/ping", "x", client.get("watched/ping").context());
            assertFalse(changes.isEmpty());
        });
        client.put("elsewhere", "not watched", Context.EMPTY);
        client.put("watched/k", "hello", Context.EMPTY);
        await().atMost(Duration.ofSeconds(10)).until(() -> changes.stream()
                .anyMatch(c -> c.state().keyString().equals("watched/k") && c.state().valueString().orElse("").equals("hello")));
        assertTrue(changes.stream().allMatch(c -> c.state().keyString().startsWith("watched/")));
        assertTrue(changes.stream().allMatch(c -> !c.origin().isEmpty()));

        handle.cancel();
        assertTrue(handle.awaitEnd(Duration.ofSeconds(10)));
        assertTrue(handle.isDone());
        assertEquals(List.of(), errors);
    }

    @Test
    void aRefusedWatchReportsTheNodesMessage() throws InterruptedException {
        List<VkvException> errors = new CopyOnWriteArrayList<>();
        WatchHandle handle = client.watch(new byte[5000], new WatchListener() {
            @Override
            public void onChange(KeyChange change) {
            }

            @Override
            public void onError(VkvException error) {
                errors.add(error);
            }
        });
        assertTrue(handle.awaitEnd(Duration.ofSeconds(10)));
        InvalidRequestException e = assertInstanceOf(InvalidRequestException.class, errors.get(0));
        assertTrue(e.getMessage().contains("prefix is 5000 bytes"), e.getMessage());
    }
}
