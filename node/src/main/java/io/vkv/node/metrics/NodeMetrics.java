package io.vkv.node.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The node's Prometheus metrics, in a registry of its own (several nodes may share a JVM in tests): request rate,
 * errors and latency per RPC, siblings per read, keys held, broker connection, replication messages, drops by reason,
 * anti-entropy, replication lag per peer, and the JVM's. Names and what a healthy value looks like: docs/operations.md.
 */
public final class NodeMetrics {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests;
    private final Histogram latency;
    private final Histogram siblings;
    private final Counter contextRejections;
    private final Histogram fsync;
    private final Histogram logBatch;
    private final Histogram snapshot;

    public NodeMetrics() {
        requests = Counter.builder().name("vkv_rpc_requests_total").help("RPCs answered, by method and gRPC status code")
                .labelNames("method", "code").register(registry);
        latency = Histogram.builder().name("vkv_rpc_duration_seconds").help("Time from an RPC's start to its answer, by method")
                .labelNames("method").classicOnly()
                .classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
                .register(registry);
        siblings = Histogram.builder().name("vkv_read_siblings").help("Siblings (concurrent versions, tombstones included) per key read")
                .classicOnly().classicUpperBounds(0, 1, 2, 3, 5, 10, 20).register(registry);
        contextRejections = Counter.builder().name("vkv_context_rejections_total")
                .help("Writes refused for their context token (malformed, not this cluster's, or for another key)").register(registry);
        fsync = Histogram.builder().name("vkv_log_fsync_seconds").help("Time of each fsync of the operation log (fsync always)")
                .classicOnly().classicUpperBounds(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5)
                .register(registry);
        logBatch = Histogram.builder().name("vkv_log_batch_records").help("Records the operation log wrote with one write (group commit)")
                .classicOnly().classicUpperBounds(1, 2, 4, 8, 16, 32, 64, 128, 256, 1024).register(registry);
        snapshot = Histogram.builder().name("vkv_snapshot_seconds").help("Time to write each snapshot")
                .classicOnly().classicUpperBounds(0.01, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60).register(registry);
        JvmMetrics.builder().register(registry);
    }

    /** Where an exporter reads the metrics. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** An RPC of {@code method} ended with {@code code} after {@code seconds}. */
    public void rpc(String method, String code, double seconds) {
        requests.labelValues(method, code).inc();
        latency.labelValues(method).observe(seconds);
    }

    /** A read returned a key with {@code count} siblings. */
    public void read(int count) {
        siblings.observe(count);
    }

    /** A write's context token was refused. */
    public void contextRejected() {
        contextRejections.inc();
    }

    /** The operation log wrote {@code records} records at once, with an fsync of {@code syncNanos} (0: none). */
    public void logFlushed(int records, long syncNanos) {
        logBatch.observe(records);
        if (syncNanos > 0) {
            fsync.observe(syncNanos / 1e9);
        }
    }

    /** A snapshot was written in {@code nanos}. */
    public void snapshotTaken(long nanos) {
        snapshot.observe(nanos / 1e9);
    }

    /** Keys held and whether the broker connection is up, read when scraped. */
    public void node(LongSupplier keys, BooleanSupplier brokerConnected) {
        GaugeWithCallback.builder().name("vkv_keys").help("Keys held by this node (tombstoned keys included)")
                .callback(cb -> cb.call(keys.getAsLong())).register(registry);
        GaugeWithCallback.builder().name("vkv_broker_connected").help("1 while the node's MQTT connection is up, else 0")
                .callback(cb -> cb.call(brokerConnected.getAsBoolean() ? 1 : 0)).register(registry);
    }

    /** Replication's counters and each peer's replication lag ({@code lagMillis}: peer id to milliseconds), read when scraped. */
    public void replication(ReplicationStats stats, Supplier<Map<String, Long>> lagMillis) {
        counter("vkv_replication_messages_received", "Replication messages received from the broker", stats::received);
        counter("vkv_replication_received_bytes", "Payload bytes of replication messages received", stats::receivedBytes);
        counter("vkv_replication_messages_published", "Replication messages published to the broker", stats::published);
        counter("vkv_replication_published_bytes", "Payload bytes of replication messages published", stats::publishedBytes);
        counter("vkv_replication_publish_failures", "Publishes the broker did not take (left to anti-entropy)", stats::publishFailures);
        counter("vkv_replication_keys_applied", "Keys merged from replication messages", stats::appliedKeys);
        counter("vkv_replication_gaps", "Gaps in a peer's counters detected (each asks anti-entropy)", stats::gaps);
        counter("vkv_anti_entropy_rounds", "Anti-entropy rounds with a peer", stats::antiEntropyRounds);
        counter("vkv_anti_entropy_failures", "Anti-entropy rounds that failed", stats::antiEntropyFailures);
        counter("vkv_anti_entropy_keys_repaired", "Keys anti-entropy fetched from or pushed to peers",
                () -> stats.antiEntropyFetched() + stats.antiEntropyPushed());
        CounterWithCallback.builder().name("vkv_replication_messages_dropped").help("Messages dropped, by reason")
                .labelNames("reason").callback(cb -> {
                    for (DropReason r : DropReason.values()) {
                        cb.call(stats.dropped(r), r.name().toLowerCase());
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("vkv_replication_lag_seconds").help("Age of each peer's last replication message on arrival")
                .labelNames("peer").callback(cb -> lagMillis.get().forEach((peer, ms) -> cb.call(ms / 1000.0, peer))).register(registry);
    }

    private void counter(String name, String help, LongSupplier value) {
        CounterWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsLong())).register(registry);
    }
}
