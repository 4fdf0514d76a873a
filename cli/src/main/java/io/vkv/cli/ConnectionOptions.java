package io.vkv.cli;

import io.vkv.client.Credentials;
import io.vkv.client.HostPort;
import io.vkv.client.VkvClient;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
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

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "${env:VKV_CLUSTER_DIR:-.vkv}", converter = PathConverter.Directory.class,
            description = "Cluster directory whose TLS material and admin token to use when it holds a secure cluster"
                    + " (default: $VKV_CLUSTER_DIR, else .vkv).")
    Path dir;

    @Mixin
    CredentialOptions credentialOptions;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The credentials to call the node with; a usage error of the command when they cannot be used. */
    Credentials credentials() {
        return credentialOptions.resolve(dir, command.commandLine());
    }

    VkvClient connect() {
        // One call is not worth a ring lookup: the node forwards what it does not replicate.
        return VkvClient.builder().target(node).deadline(timeout).routing(false).credentials(credentials())
                .readQuorum(readQuorum).writeQuorum(writeQuorum).build();
    }

    /** A client for an application that runs for long over the node (a portal, a chat server): it routes each key. */
    VkvClient connectRouted() {
        return VkvClient.builder().target(node).deadline(timeout).credentials(credentials())
                .readQuorum(readQuorum).writeQuorum(writeQuorum).build();
    }
}
