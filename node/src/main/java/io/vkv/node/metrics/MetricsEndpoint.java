package io.vkv.node.metrics;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;

/** Serves {@link NodeMetrics} in the Prometheus text format at {@code http://host:port/metrics}. */
public final class MetricsEndpoint implements AutoCloseable {

    private final HTTPServer server;

    private MetricsEndpoint(HTTPServer server) {
        this.server = server;
    }

    /** Listens on {@code host:port} (0: a free port); throws IOException naming the address when it cannot. */
    public static MetricsEndpoint start(NodeMetrics metrics, String host, int port) throws IOException {
        try {
            return new MetricsEndpoint(HTTPServer.builder().hostname(host).port(port).registry(metrics.registry()).buildAndStart());
        } catch (IOException e) {
            throw new IOException("cannot serve metrics on " + host + ":" + port + " (metrics.port): " + e.getMessage(), e);
        }
    }

    /** The port listened on. */
    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.close();
    }
}
