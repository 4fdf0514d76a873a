package io.vkv.node.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.vkv.node.app.VkvNode;
import io.vkv.node.config.NodeConfigLoader;
import io.vkv.proto.v1.GetRequest;
import io.vkv.proto.v1.KeyValueGrpc;
import io.vkv.proto.v1.PutRequest;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node's /metrics: text that holds to the exposition format's rules, and counters that move as requests come. */
class MetricsEndpointTest {

    @TempDir
    Path tmp;

    private VkvNode node(String metricsPort) throws IOException {
        Map<String, String> flags = new HashMap<>(Map.of("node.id", "m1", "node.port", "0", "data.dir", tmp.resolve("m1").toString(),
                "metrics.port", metricsPort));
        return new VkvNode(NodeConfigLoader.load(Map.of(), Map.of(), flags)).start();
    }

    private static PrometheusText scrape(int port) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"), r.headers().toString());
        return PrometheusText.parse(r.body());
    }

    @Test
    void theEndpointServesTheFormatAndItsCountersMoveWithRequests() throws Exception {
        try (VkvNode node = node("0")) {
            ManagedChannel c = NettyChannelBuilder.forAddress("127.0.0.1", node.port()).usePlaintext().build();
            try {
                KeyValueGrpc.KeyValueBlockingStub kv = KeyValueGrpc.newBlockingStub(c).withDeadlineAfter(30, TimeUnit.SECONDS);
                PrometheusText before = scrape(node.metricsPort());
                for (int i = 0; i < 5; i++) {
                    kv.put(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8("k" + i)).setValue(ByteString.copyFromUtf8("v")).build());
                }
                kv.get(GetRequest.newBuilder().setKey(ByteString.copyFromUtf8("k1")).build());
                assertThrows(Exception.class, () -> kv.get(GetRequest.getDefaultInstance())); // an empty key: INVALID_ARGUMENT
                assertThrows(Exception.class, () -> kv.put(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8("k"))
                        .setContext(ByteString.copyFromUtf8("forged")).build()));
                PrometheusText after = scrape(node.metricsPort());

                Map<String, String> puts = Map.of("method", "vkv.v1.KeyValue/Put", "code", "OK");
                assertTrue(Double.isNaN(before.value("vkv_rpc_requests_total", puts)) || before.value("vkv_rpc_requests_total", puts) == 0);
                assertEquals(5, after.value("vkv_rpc_requests_total", puts));
                assertEquals(1, after.value("vkv_rpc_requests_total", Map.of("method", "vkv.v1.KeyValue/Get", "code", "INVALID_ARGUMENT")));
                assertEquals(6, after.value("vkv_rpc_duration_seconds_count", Map.of("method", "vkv.v1.KeyValue/Put")), "the refused one too");
                assertEquals(1, after.value("vkv_read_siblings_count", Map.of()));
                assertEquals(5, after.value("vkv_keys", Map.of()));
                assertEquals(1, after.value("vkv_context_rejections_total", Map.of()));
                assertTrue(after.value("vkv_log_fsync_seconds_count", Map.of()) >= 1, "fsync always: the puts were synced");
                assertTrue(after.value("vkv_log_batch_records_sum", Map.of()) >= 5, "five puts logged, however batched");
                assertEquals(0, after.value("vkv_broker_connected", Map.of()), "a node alone has no broker");
                assertEquals("counter", after.types.get("vkv_replication_messages_dropped_total"), after.types.toString());
                assertEquals("histogram", after.types.get("vkv_rpc_duration_seconds"));
                assertTrue(after.types.keySet().stream().anyMatch(t -> t.startsWith("jvm_memory")), after.types.keySet().toString());
            } finally {
                c.shutdownNow();
            }
        }
    }

    @Test
    void aMetricsPortInUseIsAStartUpErrorNamingIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            IOException e = assertThrows(IOException.class, () -> node(Integer.toString(taken.getLocalPort())));
            assertTrue(e.getMessage().contains("cannot serve metrics on 127.0.0.1:" + taken.getLocalPort() + " (metrics.port)"), e.getMessage());
        }
    }

    @Test
    void theTextReaderRefusesWhatBreaksTheRules() {
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("x 1\n"), "a sample without TYPE");
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("# TYPE x counter\nx{a=\"1} 1\n"));
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse(
                "# TYPE h histogram\nh_bucket{le=\"1\"} 3\nh_bucket{le=\"+Inf\"} 2\nh_count 2\n"), "buckets that fall");
        assertEquals(2, PrometheusText.parse("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_count 2\nh_sum 3\n")
                .value("h_count", Map.of()));
    }
}
