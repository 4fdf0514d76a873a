package io.vkv.cli;

import io.vkv.client.HostPort;
import io.vkv.client.VkvClient;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options every one-shot command shares: which node, how long to wait, and the output format. */
final class ConnectionOptions {

    @Option(names = "--node", paramLabel = "HOST:PORT", converter = HostPortConverter.class,
            defaultValue = "${env:VKV_NODE:-127.0.0.1:7001}",
            description = "Node to talk to (default: $VKV_NODE, else 127.0.0.1:7001).")
    HostPort node;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.Positive.class, defaultValue = "5s",
            description = "Deadline of each call, 1ms to 24h (e.g. 500ms, 5s; default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--json", description = "Print JSON: one object per line.")
    boolean json;

    @Option(names = {"--r", "--read-quorum"}, paramLabel = "R", converter = NumberConverter.Quorum.class,
            description = "Replicas that must answer each read, 1..N (default: the node's quorum.r).")
    int readQuorum;

    @Option(names = {"--w", "--write-quorum"}, paramLabel = "W", converter = NumberConverter.Quorum.class,
            description = "Replicas that must hold each write durably before it is acknowledged, 1..N (default: the node's quorum.w).")
    int writeQuorum;

    VkvClient connect() {
        // One call is not worth a ring lookup: the node forwards what it does not replicate.
        return VkvClient.builder().target(node).deadline(timeout).routing(false)
                .readQuorum(readQuorum).writeQuorum(writeQuorum).build();
    }
}
