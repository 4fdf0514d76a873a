package io.vkv.cli.cluster;

import com.fasterxml.jackson.core.JsonGenerator;
import io.vkv.cli.Json;
import io.vkv.cli.cluster.ProcessRecord.Role;
import io.vkv.client.Credentials;
import io.vkv.client.HostPort;
import io.vkv.proto.v1.InfoResponse;
import io.vkv.proto.v1.Member;
import io.vkv.proto.v1.ReplicationCounters;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vkv cluster status [--json]}: the broker and each node, whether it runs and answers, its keys and lag. */
@Command(name = "status", description = "Show the broker and each node: address, pid, status (up, down, or unresponsive when"
        + " it runs but does not answer), keys held, replication lag and the build it runs (version and git commit).")
public final class ClusterStatusCommand implements Callable<Integer> {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    @Mixin
    ClusterDirOption dir;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON object: {\"broker\": {...}, \"nodes\": [{...}]}.")
    boolean json;

    /** What status found of one process. {@code pid} is null for an external broker, {@code info} empty unless it answered. */
    record State(String id, String address, Long pid, String status, Optional<InfoResponse> info, String kind, String log) {

        /** The build the node runs, e.g. {@code 0.1.0 (a1b2c3d)}, if it answered. */
        Optional<String> build() {
            return info.map(i -> i.getVersion() + " (" + (i.getCommit().isEmpty() ? "unknown" : i.getCommit()) + ")");
        }

        /** The other members this node reports as stalled: their records arrive, their batches do not. */
        List<String> stalledPeers() {
            return info.map(i -> i.getMembersList().stream().filter(m -> m.getStatus().equals("stalled")).map(Member::getId).toList())
                    .orElse(List.of());
        }

        /** The largest replication lag this node reports for another member, if it reports any other. */
        Optional<Long> lagMillis() {
            return info.flatMap(i -> i.getMembersList().stream().filter(m -> !m.getId().equals(id))
                    .map(Member::getReplicationLagMillis).max(Long::compare));
        }
    }

    @Override
    public Integer call() throws Exception {
        ClusterDir clusterDir = dir.cluster().dir();
        Credentials credentials = dir.cluster().credentials();
        List<ProcessRecord> records = clusterDir.records();
        if (records.isEmpty()) {
            throw new ClusterException("no cluster in " + clusterDir.display() + " (start one with: vkv cluster up)");
        }
        Properties broker = clusterDir.broker().orElseGet(Properties::new);
        String kind = broker.getProperty("broker.kind", "embedded");
        State brokerState = records.stream().filter(r -> r.role() == Role.BROKER).findFirst().map(r -> state(r, kind, credentials))
                .orElseGet(() -> external(broker.getProperty("broker.url", "")));
        List<State> nodes = records.stream().filter(r -> r.role() == Role.NODE).map(r -> state(r, "node", credentials)).toList();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(toJson(clusterDir, brokerState, nodes));
        } else {
            out.printf("%-7s %-22s %-8s %-13s %-8s %-6s %-6s %-8s %-32s %-40s %s%n", "ID", "ADDRESS", "PID", "STATUS", "KEYS", "PARTS",
                    "HINTS", "LAG", "BUILD", "LOG", "METRICS");
            for (State s : concat(brokerState, nodes)) {
                out.printf("%-7s %-22s %-8s %-13s %-8s %-6s %-6s %-8s %-32s %-40s %s%n", s.id(), s.address(), s.pid() == null ? "-" : s.pid(),
                        s.status(), s.info().map(i -> String.valueOf(i.getKeyCount())).orElse("-"),
                        s.info().map(i -> String.valueOf(replicated(i))).orElse("-"),
                        s.info().map(i -> String.valueOf(i.getHintedKeys())).orElse("-"),
                        s.lagMillis().map(l -> l + "ms").orElse("-"), s.build().orElse("-"), s.log() == null ? "-" : s.log(),
                        s.info().flatMap(i -> metricsUrl(s.address(), i)).orElse("-"));
            }
            for (State n : nodes) {
                for (String peer : n.stalledPeers()) {
                    out.println("note: " + n.id() + " gets no batches from " + peer + " although its records arrive;"
                            + " anti-entropy carries its writes meanwhile (see " + n.log() + ")");
                }
            }
            List<String> builds = nodes.stream().flatMap(n -> n.build().stream()).distinct().toList();
            if (builds.size() > 1) {
                out.println("note: the nodes run " + builds.size() + " different builds (" + String.join(", ", builds)
                        + "); restart the older ones to run one build");
            }
        }
        out.flush();
        return 0;
    }

    private static List<State> concat(State broker, List<State> nodes) {
        return Stream.concat(Stream.of(broker), nodes.stream()).toList();
    }

    private static State state(ProcessRecord r, String kind, Credentials credentials) {
        boolean alive = r.isAlive();
        Optional<InfoResponse> info = alive && r.role() == Role.NODE ? NodeProbe.info(r.address(), PROBE_TIMEOUT, credentials) : Optional.empty();
        boolean answers = r.role() == Role.NODE ? info.isPresent() : alive && Ports.listening("127.0.0.1", r.port());
        String status = !alive ? "down" : answers ? "up" : "unresponsive";
        return new State(r.id(), r.address(), r.pid(), status, info, kind, ClusterDir.display(r.log()));
    }

    private static State external(String url) {
        String address = url.replaceFirst("^[a-z]+://", "");
        boolean up;
        try {
            HostPort hp = HostPort.parse(address);
            up = Ports.listening(hp.host(), hp.port());
        } catch (IllegalArgumentException e) {
            up = false;
        }
        return new State("broker", address, null, up ? "up" : "down", Optional.empty(), "external", null);
    }

    private static String toJson(ClusterDir dir, State broker, List<State> nodes) {
        return Json.write(json -> {
            json.writeStartObject();
            json.writeStringField("dir", dir.root().toString());
            json.writeFieldName("broker");
            json.writeStartObject();
            common(json, broker);
            json.writeStringField("kind", broker.kind());
            json.writeEndObject();
            json.writeArrayFieldStart("nodes");
            for (State n : nodes) {
                json.writeStartObject();
                common(json, n);
                if (n.info().isPresent()) {
                    info(json, n.info().get());
                    Optional<String> metrics = metricsUrl(n.address(), n.info().get());
                    if (metrics.isPresent()) {
                        json.writeStringField("metrics_url", metrics.get());
                    }
                    if (n.lagMillis().isPresent()) {
                        json.writeNumberField("lag_ms", n.lagMillis().get());
                    }
                    members(json, n.info().get());
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    private static void common(JsonGenerator json, State s) throws IOException {
        json.writeStringField("id", s.id());
        json.writeStringField("address", s.address());
        json.writeFieldName("pid");
        if (s.pid() == null) {
            json.writeNull();
        } else {
            json.writeNumber(s.pid());
        }
        json.writeStringField("status", s.status());
        json.writeStringField("log", s.log());
    }

    /** The node's Prometheus endpoint, on the host it serves gRPC on; empty when it serves none. */
    private static Optional<String> metricsUrl(String address, InfoResponse i) {
        if (i.getMetricsPort() == 0) {
            return Optional.empty();
        }
        return Optional.of("http://" + HostPort.parse(address).host() + ":" + i.getMetricsPort() + "/metrics");
    }

    /** How many partitions the node replicates, by its own view of the ring. */
    private static long replicated(InfoResponse i) {
        return i.getRingList().stream().filter(r -> r.getNodesList().contains(i.getNodeId())).count();
    }

    private static void info(JsonGenerator json, InfoResponse i) throws IOException {
        json.writeNumberField("keys", i.getKeyCount());
        json.writeNumberField("partitions", replicated(i));
        json.writeNumberField("forwarded", i.getForwarded());
        json.writeNumberField("hinted_keys", i.getHintedKeys());
        json.writeNumberField("handed_off", i.getHandedOff());
        ReplicationCounters r = i.getReplication();
        json.writeObjectFieldStart("replication"); // what crossed the broker: deliveries and bytes per put come from these
        json.writeNumberField("published", r.getPublished());
        json.writeNumberField("published_keys", r.getPublishedKeys());
        json.writeNumberField("published_bytes", r.getPublishedBytes());
        json.writeNumberField("received", r.getReceived());
        json.writeNumberField("received_bytes", r.getReceivedBytes());
        json.writeNumberField("applied_keys", r.getAppliedKeys());
        json.writeEndObject();
        json.writeStringField("actor", i.getActor());
        json.writeStringField("data_dir", i.getDataDir());
        json.writeStringField("version", i.getVersion());
        json.writeStringField("commit", i.getCommit());
        json.writeStringField("build_time", i.getBuildTime());
    }

    private static void members(JsonGenerator json, InfoResponse i) throws IOException {
        json.writeArrayFieldStart("members");
        for (Member m : i.getMembersList()) {
            json.writeStartObject();
            json.writeStringField("id", m.getId());
            json.writeStringField("status", m.getStatus());
            json.writeNumberField("last_seen_ms", m.getLastSeenMillis());
            json.writeNumberField("lag_ms", m.getReplicationLagMillis());
            json.writeEndObject();
        }
        json.writeEndArray();
    }
}
