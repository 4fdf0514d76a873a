package io.vkv.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** The client against a real node: reads, writes, contexts, siblings, batches, scans and errors. */
class VkvClientTest extends OneNodeTest {

    /** A key no other test uses: tests share one node. */
    private String key;

    @BeforeEach
    void nameKey(TestInfo info) {
        key = info.getTestMethod().orElseThrow().getName();
    }

    @Test
    void aPutIsReadBackWithItsContext() {
        Context written = client.put(key, "v1", Context.EMPTY);
        assertFalse(written.isEmpty());
        Versions read = client.get(key);
        assertTrue(read.found());
        assertEquals(key, read.keyString());
        assertEquals("v1", read.valueString().orElseThrow());
        assertEquals(1, read.siblings().size());
        assertFalse(read.siblings().get(0).clock().isEmpty());
        assertTrue(read.siblings().get(0).hlcMillis() > 0);
        assertEquals(written, read.context());
    }

    @Test
    void aMissingKeyIsNotFoundAndNotAnError() {
        Versions read = client.get(key);
        assertFalse(read.found());
        assertEquals(List.of(), read.siblings());
        assertTrue(read.value().isEmpty());
    }

    @Test
    void writingWithTheReadContextReplacesTheValue() {
        client.put(key, "old", Context.EMPTY);
        client.put(key, "new", client.get(key).context());
        Versions read = client.get(key);
        assertEquals(1, read.siblings().size());
        assertEquals("new", read.valueString().orElseThrow());
    }

    @Test
    void concurrentWritesBecomeSiblingsThatResolversReconcile() {
        Context base = client.put(key, "base", Context.EMPTY);
        client.put(key, "from-alice", base);
        client.put(key, "from-bob", base);
        Versions read = client.get(key);
        assertTrue(read.hasConflict());
        assertEquals(List.of("from-alice", "from-bob"), read.live().stream().map(Sibling::valueString).sorted().toList());
        assertThrows(UnresolvedSiblingsException.class, read::value);

        assertEquals("from-bob", read.resolve(SiblingResolver.lastWriterWins()).valueString().orElseThrow());
        SiblingResolver concat = SiblingResolver.merging((a, b) -> (new String(a, StandardCharsets.UTF_8) + "+"
                + new String(b, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        String merged = read.resolve(concat).valueString().orElseThrow();
        assertEquals(2, merged.split("\\+").length);

        client.put(key, merged, read.context());
        Versions after = client.get(key);
        assertEquals(1, after.siblings().size());
        assertEquals(merged, after.valueString().orElseThrow());
    }

    @Test
    void aDeleteWithTheContextRemovesTheKeyButLeavesAContext() {
        Context c = client.put(key, "v", Context.EMPTY);
        Context afterDelete = client.delete(key, c);
        Versions read = client.get(key);
        assertFalse(read.found());
        assertTrue(read.value().isEmpty());
        assertEquals(afterDelete, read.context());
        client.put(key, "again", read.context());
        assertEquals("again", client.get(key).valueString().orElseThrow());
    }

    @Test
    void binaryKeysAndValuesRoundTrip() {
        byte[] k = {0, (byte) 0xff, 7};
        byte[] v = {(byte) 0xfe, 0, 1, 2};
        client.put(k, v, Context.EMPTY);
        Versions read = client.get(k);
        assertArrayEquals(k, read.key());
        assertArrayEquals(v, read.value().orElseThrow());
    }

    @Test
    void invalidRequestsCarryTheNodesMessage() {
        InvalidRequestException empty = assertThrows(InvalidRequestException.class, () -> client.put("", "v", Context.EMPTY));
        assertTrue(empty.getMessage().contains("key must not be empty"), empty.getMessage());
        InvalidRequestException forged = assertThrows(InvalidRequestException.class,
                () -> client.put(key, "v", Context.of("not a real token".getBytes(StandardCharsets.UTF_8))));
        assertFalse(forged.getMessage().isBlank());
        Context other = client.put(key + "-other", "v", Context.EMPTY);
        assertThrows(InvalidRequestException.class, () -> client.put(key, "v", other));
        assertFalse(client.get(key).found());
    }

    @Test
    void anExpiredDeadlineSaysSo() {
        try (VkvClient impatient = VkvClient.builder().target(node.address()).deadline(Duration.ofNanos(1))
                .retry(RetryPolicy.NONE).build()) {
            DeadlineExceededException e = assertThrows(DeadlineExceededException.class, () -> impatient.get(key));
            assertTrue(e.getMessage().startsWith("no answer from " + node.address() + " to get within"), e.getMessage());
        }
    }

    @Test
    void batchesAnswerInOrder() {
        List<Put> puts = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            puts.add(Put.of(key + "/" + i, "v" + i, null));
        }
        List<Context> contexts = client.putMany(puts);
        assertEquals(50, contexts.size());
        List<Versions> read = client.getMany(puts.stream().map(Put::key).toList());
        for (int i = 0; i < 50; i++) {
            assertEquals(key + "/" + i, read.get(i).keyString());
            assertEquals("v" + i, read.get(i).valueString().orElseThrow());
            assertEquals(contexts.get(i), read.get(i).context());
        }
        List<Delete> deletes = read.stream().map(v -> new Delete(v.key(), v.context())).toList();
        assertEquals(50, client.deleteMany(deletes).size());
        assertTrue(client.getMany(puts.stream().map(Put::key).toList()).stream().noneMatch(Versions::found));
    }

    @Test
    void aBatchStopsAtARefusedRequestAndSaysHowManyWereAnswered() {
        List<Put> puts = List.of(Put.of(key + "/a", "1", null), Put.of(key + "/b", "2", null), Put.of("", "bad", null),
                Put.of(key + "/c", "3", null));
        BatchFailedException e = assertThrows(BatchFailedException.class, () -> client.putMany(puts));
        assertEquals(2, e.acknowledged());
        assertEquals(InvalidRequestException.class, e.getCause().getClass());
        assertTrue(e.getMessage().contains("key must not be empty"), e.getMessage());
        assertTrue(client.get(key + "/b").found());
    }

    @Test
    void scansReturnARangeInByteOrderAndSkipDeletedKeys() {
        for (String suffix : List.of("c", "a", "b", "d")) {
            client.put(key + "/" + suffix, suffix, Context.EMPTY);
        }
        client.delete(key + "/b", client.get(key + "/b").context());
        List<Versions> range = client.scan(key + "/a", key + "/d", 0);
        assertEquals(List.of(key + "/a", key + "/c"), range.stream().map(Versions::keyString).toList());
        assertEquals(1, client.scan(key + "/", key + "0", 1).size());
    }

    @Test
    void scanAllPagesThroughALargeRange() {
        List<Put> puts = new ArrayList<>();
        for (int i = 0; i < 1234; i++) {
            puts.add(Put.of(String.format("%s/%05d", key, i), "v", null));
        }
        client.putMany(puts);
        Iterator<Versions> all = client.scanAll((key + "/").getBytes(StandardCharsets.UTF_8), (key + "0").getBytes(StandardCharsets.UTF_8), 100);
        int count = 0;
        String previous = "";
        while (all.hasNext()) {
            String k = all.next().keyString();
            assertTrue(k.compareTo(previous) > 0, k + " after " + previous);
            previous = k;
            count++;
        }
        assertEquals(1234, count);
    }

    @Test
    void contextsOfDifferentWritesDiffer() {
        Context first = client.put(key, "1", Context.EMPTY);
        Context second = client.put(key, "2", first);
        assertNotEquals(first, second);
        assertEquals(second, Context.fromBase64(second.base64()));
    }
}
