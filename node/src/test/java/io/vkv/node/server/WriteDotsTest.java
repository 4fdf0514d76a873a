package io.vkv.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.vkv.node.testing.RunningNode;
import io.vkv.proto.v1.DeleteRequest;
import io.vkv.proto.v1.DeleteResponse;
import io.vkv.proto.v1.Dot;
import io.vkv.proto.v1.GetRequest;
import io.vkv.proto.v1.GetResponse;
import io.vkv.proto.v1.KeyValueGrpc;
import io.vkv.proto.v1.PutRequest;
import io.vkv.proto.v1.PutResponse;
import io.vkv.proto.v1.Sibling;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dot of each write in Put/Delete responses and on every sibling read, and the context token's clock on reads. */
class WriteDotsTest {

    @TempDir
    static Path dir;
    static RunningNode node;
    static KeyValueGrpc.KeyValueBlockingStub kv;
    static String actor;

    @BeforeAll
    static void start() throws Exception {
        node = RunningNode.start(dir);
        kv = node.kv();
        actor = node.node.store().actor().toString();
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    private static ByteString b(String s) {
        return ByteString.copyFromUtf8(s);
    }

    private static PutResponse put(String key, String value, ByteString context) {
        return kv.put(PutRequest.newBuilder().setKey(b(key)).setValue(b(value)).setContext(context).build());
    }

    private static GetResponse get(String key) {
        return kv.get(GetRequest.newBuilder().setKey(b(key)).build());
    }

    private static Dot dot(long counter) {
        return Dot.newBuilder().setActor(actor).setCounter(counter).build();
    }

    @Test
    void eachWriteReportsANewDotOfTheCoordinatingActor() {
        PutResponse first = put("dots/a", "1", ByteString.EMPTY);
        PutResponse second = put("dots/a", "2", first.getContext());
        assertEquals(actor, first.getDot().getActor());
        assertEquals(first.getDot().getCounter() + 1, second.getDot().getCounter(), "counters grow by one per write of the partition");
        DeleteResponse deleted = kv.delete(DeleteRequest.newBuilder().setKey(b("dots/a")).setContext(second.getContext()).build());
        assertEquals(dot(second.getDot().getCounter() + 1), deleted.getDot());
    }

    @Test
    void siblingsCarryTheDotTheirWriteWasAcknowledgedWith() {
        PutResponse base = put("dots/b", "base", ByteString.EMPTY);
        PutResponse left = put("dots/b", "left", base.getContext());
        PutResponse right = put("dots/b", "right", base.getContext());
        List<Sibling> siblings = get("dots/b").getSiblingsList();
        assertEquals(List.of(left.getDot(), right.getDot()), siblings.stream().map(Sibling::getDot).toList());
        assertEquals(List.of("left", "right"), siblings.stream().map(s -> s.getValue().toStringUtf8()).toList());
        for (Sibling s : siblings) {
            assertEquals(s.getDot().getCounter(), s.getClockOrThrow(s.getDot().getActor()), "the clock holds the sibling's own dot");
        }
        assertNotEquals(left.getDot(), right.getDot());
    }

    @Test
    void theContextClockIsTheJoinOfWhatTheReadCovers() {
        PutResponse base = put("dots/c", "base", ByteString.EMPTY);
        PutResponse left = put("dots/c", "left", base.getContext());
        PutResponse right = put("dots/c", "right", base.getContext());
        GetResponse read = get("dots/c");
        assertEquals(Map.of(actor, right.getDot().getCounter()), read.getContextClockMap());
        assertTrue(left.getDot().getCounter() < right.getDot().getCounter());
        // Writing with that context supersedes both siblings: the clock is what the token carries.
        put("dots/c", "merged", read.getContext());
        assertEquals(List.of("merged"), get("dots/c").getSiblingsList().stream().map(s -> s.getValue().toStringUtf8()).toList());
    }

    @Test
    void aKeyNeverWrittenHasAnEmptyContextClock() {
        GetResponse r = get("dots/never");
        assertFalse(r.getFound());
        assertTrue(r.getContextClockMap().isEmpty());
    }
}
