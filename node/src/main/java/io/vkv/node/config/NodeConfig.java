package io.vkv.node.config;

import io.vkv.node.storage.FsyncPolicy;
import io.vkv.node.storage.Limits;
import io.vkv.node.storage.StorageOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Everything a node is started with, validated. {@code clusterSecret} is empty when the node should
 * use (or generate) the secret kept in its data directory.
 */
public record NodeConfig(
        String nodeId,
        String host,
        int port,
        String advertise,
        Path dataDir,
        FsyncPolicy fsync,
        Duration snapshotInterval,
        int historyMaxVersions,
        Limits limits,
        String clusterName,
        Optional<String> clusterSecret,
        int partitions,
        int ringReplicas,
        OptionalLong ringToken,
        int readQuorum,
        int writeQuorum,
        String brokerUrl,
        Duration batchWindow,
        Duration antiEntropyInterval,
        Duration shutdownGrace,
        int watchQueue,
        OptionalInt metricsPort,
        TlsSettings tls,
        Optional<Path> authTokens) {

    public NodeConfig {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(advertise, "advertise");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(fsync, "fsync");
        Objects.requireNonNull(snapshotInterval, "snapshotInterval");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(clusterSecret, "clusterSecret");
        Objects.requireNonNull(ringToken, "ringToken");
        Objects.requireNonNull(brokerUrl, "brokerUrl");
        Objects.requireNonNull(batchWindow, "batchWindow");
        Objects.requireNonNull(antiEntropyInterval, "antiEntropyInterval");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        Objects.requireNonNull(metricsPort, "metricsPort");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(authTokens, "authTokens");
    }

    /** Every default, for a node named {@code nodeId} keeping its data in {@code dataDir}. */
    public static NodeConfig defaults(String nodeId, Path dataDir) {
        return defaults(nodeId, dataDir, Map.of());
    }

    /**
     * The defaults for {@code nodeId} and {@code dataDir} with {@code settings} (config keys to
     * values, as in a config file) applied and validated like any other source.
     */
    public static NodeConfig defaults(String nodeId, Path dataDir, Map<String, String> settings) {
        return NodeConfigLoader.load(settings, Map.of(),
                Map.of(ConfigKey.NODE_ID.key(), nodeId, ConfigKey.DATA_DIR.key(), dataDir.toString()));
    }

    /** How the store is opened under this configuration. */
    public StorageOptions storageOptions() {
        return new StorageOptions(dataDir, nodeId, fsync, snapshotInterval, partitions, limits, historyMaxVersions);
    }

    /**
     * The {@code host:port} peers reach this node at (for anti-entropy), given the port the server
     * actually listens on: {@code node.advertise} when set, with that port if it names none.
     */
    public String advertisedAddress(int listeningPort) {
        if (advertise.isEmpty()) {
            return host + ":" + listeningPort;
        }
        return ValueParser.hasPort(advertise) ? advertise : advertise + ":" + listeningPort;
    }

    /** True when no broker is configured: the node runs alone. */
    public boolean standalone() {
        return brokerUrl.isEmpty();
    }

    /** The configuration without the secret: safe to log. */
    @Override
    public String toString() {
        return "NodeConfig{node.id=" + nodeId + ", node.host=" + host + ", node.port=" + port + ", data.dir=" + dataDir
                + ", fsync=" + fsync + ", snapshot.interval=" + snapshotInterval + ", limits.key.bytes="
                + limits.maxKeyBytes() + ", limits.value.bytes=" + limits.maxValueBytes() + ", cluster.name="
                + clusterName + ", cluster.secret=" + (clusterSecret.isPresent() ? "(set)" : "(data dir)")
                + ", partitions=" + partitions + ", ring.replicas=" + ringReplicas
                + ", ring.token=" + (ringToken.isPresent() ? Long.toUnsignedString(ringToken.getAsLong()) : "(chosen)")
                + ", quorum.r=" + readQuorum + ", quorum.w=" + writeQuorum + ", broker.url=" + brokerUrl.replaceFirst("//[^/@]*@", "//(credentials)@") + ", shutdown.grace=" + shutdownGrace
                + ", watch.queue=" + watchQueue + ", metrics.port=" + (metricsPort.isPresent() ? metricsPort.getAsInt() : "none")
                + ", tls=" + (tls.enabled() ? tls.cert().get() + (tls.ca().isPresent() ? " (CA " + tls.ca().get() + ")" : "") : "off")
                + ", auth.tokens=" + authTokens.map(Path::toString).orElse("(none)") + "}";
    }
}
