package io.vkv.node.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/grafana-dashboard.json is valid JSON, and every metric its queries name is one a node exports. */
class MetricsDashboardTest {

    private static final Pattern METRIC = Pattern.compile("\\b((?:vkv|jvm|process)_[a-zA-Z0-9_:]*)");

    /** Every {@code expr} of the dashboard's panels, read with a strict JSON parser (invalid JSON fails here). */
    private static List<String> queries(Path dashboard) throws Exception {
        List<String> exprs = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(Files.readString(dashboard))) {
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.FIELD_NAME && p.currentName().equals("expr")) {
                    p.nextToken();
                    exprs.add(p.getText());
                }
            }
        }
        return exprs;
    }

    @Test
    void everyQueryOfTheDashboardNamesAnExportedMetric() throws Exception {
        List<String> exprs = queries(Path.of("..", "docs", "grafana-dashboard.json"));
        assertTrue(exprs.size() >= 15, "the dashboard has its panels: " + exprs.size());
        // Every metric the node defines, each with a data point (a labelled one shows only once it has one).
        NodeMetrics metrics = new NodeMetrics();
        metrics.rpc("vkv.v1.KeyValue/Put", "OK", 0.001);
        metrics.read(1);
        metrics.contextRejected();
        metrics.logFlushed(3, 100_000);
        metrics.snapshotTaken(5_000_000);
        metrics.node(() -> 7, () -> true);
        metrics.replication(new ReplicationStats(), () -> Map.of("n2", 12L));
        Set<String> exported = new TreeSet<>();
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(metrics, "127.0.0.1", 0)) {
            String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port()
                    + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            PrometheusText parsed = PrometheusText.parse(text);
            exported.addAll(parsed.types.keySet());
            parsed.samples.forEach(s -> exported.add(s.name()));
        }
        List<String> unknown = new ArrayList<>();
        for (String expr : exprs) {
            Matcher m = METRIC.matcher(expr);
            while (m.find()) {
                if (!exported.contains(m.group(1))) {
                    unknown.add(m.group(1) + " in " + expr);
                }
            }
        }
        assertEquals(List.of(), unknown, "queries naming metrics the node does not export");
    }
}
