package io.vkv.node.compat;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vkv.node.testing.MoquetteBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import kvstore.KvStoreGrpc;
import kvstore.Kvstore.GetRequest;
import kvstore.Kvstore.GetResponse;
import kvstore.Kvstore.PutRequest;
import kvstore.Kvstore.Version;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vector-clock store's kvstore.KvStore on real vkv nodes: overwrites, concurrent versions, and errors in its own fields. */
class KvStoreApiTest {

    @TempDir
    Path tmp;

    private static Set<String> values(GetResponse r) {
        return r.getVersionsList().stream().map(Version::getValue).collect(Collectors.toSet());
    }

    private static GetRequest key(String k) {
        return GetRequest.newBuilder().setKey(k).build();
    }

    private static PutRequest put(String k, String v) {
        return PutRequest.newBuilder().setKey(k).setValue(v).build();
    }

    @Test
    void sequentialPutsLeaveOneVersionWithItsClockTimeAndWriter() throws Exception {
        try (SeedApiNodes nodes = new SeedApiNodes(tmp)) {
            var kv = KvStoreGrpc.newBlockingStub(nodes.start("n1", "")).withDeadlineAfter(30, TimeUnit.SECONDS);
            long before = System.currentTimeMillis() * 1_000_000;
            assertTrue(kv.put(put("k", "1")).getSuccess());
            assertTrue(kv.put(put("k", "2")).getSuccess());
            GetResponse r = kv.get(key("k"));
            assertEquals(1, r.getVersionsCount(), "a put writes over the versions the node holds");
            Version v = r.getVersions(0);
            assertEquals("2", v.getValue());
            assertEquals("n1", v.getWriterNodeId());
            assertEquals(List.of("n1"), v.getVectorClock().getEntriesList().stream().map(e -> e.getNodeId()).toList());
            assertEquals(2, v.getVectorClock().getEntries(0).getCounter());
            assertTrue(v.getTimestamp() >= before - 1_000_000_000L, "nanoseconds since the epoch: " + v.getTimestamp());
            assertEquals(0, kv.get(key("missing")).getVersionsCount());
            assertEquals("", kv.get(key("missing")).getErrorMessage());
        }
    }

    @Test
    void errorsComeBackInTheMessagesOwnFields() throws Exception {
        try (SeedApiNodes nodes = new SeedApiNodes(tmp)) {
            var kv = KvStoreGrpc.newBlockingStub(nodes.start("n1", "")).withDeadlineAfter(30, TimeUnit.SECONDS);
            var refused = kv.put(put("", "x"));
            assertFalse(refused.getSuccess());
            assertTrue(refused.getErrorMessage().startsWith("INVALID_ARGUMENT"), refused.getErrorMessage());
            assertTrue(kv.get(key("")).getErrorMessage().contains("empty"), kv.get(key("")).getErrorMessage());
            assertTrue(kv.put(put("after", "ok")).getSuccess(), "the node carries on");
        }
    }

    @Test
    void putsOnTwoNodesThatDidNotSeeEachOtherAreTwoVersionsEverywhereUntilALaterPutResolvesThem() throws Exception {
        try (SeedApiNodes nodes = new SeedApiNodes(tmp)) {
            MoquetteBroker broker = MoquetteBroker.start(tmp.resolve("broker"));
            nodes.add(broker);
            var n1 = KvStoreGrpc.newBlockingStub(nodes.start("n1", broker.url())).withDeadlineAfter(60, TimeUnit.SECONDS);
            var n2 = KvStoreGrpc.newBlockingStub(nodes.start("n2", broker.url())).withDeadlineAfter(60, TimeUnit.SECONDS);
            assertTrue(n1.put(put("cart", "start")).getSuccess());
            await().atMost(Duration.ofSeconds(30)).until(() -> values(n2.get(key("cart"))).equals(Set.of("start")));

            broker.stop();
            assertTrue(n1.put(put("cart", "apples")).getSuccess());
            assertTrue(n2.put(put("cart", "pears")).getSuccess());
            broker.start(true);

            for (var node : List.of(n1, n2)) {
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                        assertEquals(Set.of("apples", "pears"), values(node.get(key("cart")))));
            }
            GetResponse both = n2.get(key("cart"));
            assertEquals(Set.of("n1", "n2"), both.getVersionsList().stream().map(Version::getWriterNodeId).collect(Collectors.toSet()));

            assertTrue(n1.put(put("cart", "apples and pears")).getSuccess());
            for (var node : List.of(n1, n2)) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertEquals(Set.of("apples and pears"), values(node.get(key("cart")))));
            }
        }
    }
}
