package io.vkv.node.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;

/**
 * How a node replicates: the cluster it belongs to and signs for, the broker it talks through
 * (empty: the node runs alone), and the batching, flow-control and anti-entropy settings.
 *
 * @param brokerUser     MQTT user name, empty for an anonymous broker
 * @param batchWindow    how long a partition's batch stays open for more changes
 * @param batchMaxKeys   a batch is sent once it holds this many keys
 * @param batchMaxBytes  ... or this many bytes of encoded states
 * @param maxInflight    QoS 1 publishes awaiting their PUBACK (Paho's window)
 * @param queueCapacity  local changes waiting for the publisher; beyond it they are dropped and
 *                       left to anti-entropy, so writers never wait for the broker
 * @param antiEntropyInterval time between periodic anti-entropy rounds (zero: only triggered ones)
 */
public record ReplicationConfig(
        String cluster,
        byte[] secret,
        String brokerUrl,
        String brokerUser,
        String brokerPassword,
        Duration batchWindow,
        int batchMaxKeys,
        int batchMaxBytes,
        int maxInflight,
        int queueCapacity,
        Duration antiEntropyInterval,
        Duration reconnectMin,
        Duration reconnectMax,
        Duration keepAlive,
        Duration heartbeat,
        Optional<SSLSocketFactory> brokerTls) {

    public ReplicationConfig {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(brokerUrl, "brokerUrl");
        Objects.requireNonNull(brokerUser, "brokerUser");
        Objects.requireNonNull(brokerPassword, "brokerPassword");
        Objects.requireNonNull(brokerTls, "brokerTls");
        requireClusterName(cluster);
        if (!brokerUrl.isEmpty()) {
            BrokerAddress.parse(brokerUrl);
        }
        if (secret.length == 0) {
            throw new IllegalArgumentException("the cluster secret must not be empty");
        }
        requirePositive("batchMaxKeys", batchMaxKeys);
        requirePositive("batchMaxBytes", batchMaxBytes);
        requirePositive("maxInflight", maxInflight);
        requirePositive("queueCapacity", queueCapacity);
        if (batchWindow.isNegative() || antiEntropyInterval.isNegative()) {
            throw new IllegalArgumentException("batch window and anti-entropy interval must not be negative");
        }
        if (reconnectMin.isZero() || reconnectMin.isNegative() || reconnectMax.compareTo(reconnectMin) < 0) {
            throw new IllegalArgumentException("reconnect backoff needs 0 < min <= max, got " + reconnectMin + ".." + reconnectMax);
        }
        if (keepAlive.toSeconds() < 1 || heartbeat.isZero() || heartbeat.isNegative()) {
            throw new IllegalArgumentException("keep-alive must be at least 1 s and the heartbeat positive");
        }
    }

    /**
     * The defaults for {@code cluster}: 10 ms / 256 keys / 256 KiB batches, 1000 publishes in flight,
     * 65536 queued changes, anti-entropy every 30 s, reconnect backoff 100 ms to 5 s, 10 s keep-alive,
     * membership heartbeat every 10 s.
     */
    public static ReplicationConfig defaults(String cluster, byte[] secret, String brokerUrl) {
        return new ReplicationConfig(cluster, secret, brokerUrl, "", "",
                Duration.ofMillis(10), 256, 256 * 1024, 1000, 65536,
                Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofSeconds(5),
                Duration.ofSeconds(10), Duration.ofSeconds(10), Optional.empty());
    }

    /**
     * The defaults for a node configured with {@code brokerUrl} (empty: run alone), taking the MQTT
     * user and password from the URL's user info, {@code tcp://user:password@host:port}, and
     * dropping them from the URL the client connects to (and logs).
     */
    public static ReplicationConfig forBroker(String cluster, byte[] secret, String brokerUrl) {
        if (brokerUrl.isEmpty()) {
            return defaults(cluster, secret, "");
        }
        BrokerAddress broker = BrokerAddress.parse(brokerUrl);
        return defaults(cluster, secret, broker.url()).withCredentials(broker.user(), broker.password());
    }

    /** Refuses a cluster name that cannot be an MQTT topic level. */
    public static void requireClusterName(String cluster) {
        if (cluster == null || cluster.isEmpty() || cluster.contains("/") || cluster.contains("+") || cluster.contains("#")) {
            throw new IllegalArgumentException("cluster name must be non-empty and contain none of / + #, got '" + cluster + "'");
        }
    }

    /** True when a broker is configured; without one the node runs alone. */
    public boolean replicates() {
        return !brokerUrl.isEmpty();
    }

    public ReplicationConfig withCredentials(String user, String password) {
        return new ReplicationConfig(cluster, secret, brokerUrl, user, password, batchWindow, batchMaxKeys,
                batchMaxBytes, maxInflight, queueCapacity, antiEntropyInterval, reconnectMin, reconnectMax, keepAlive, heartbeat, brokerTls);
    }

    public ReplicationConfig withBatching(Duration window, int maxKeys, int maxBytes) {
        return new ReplicationConfig(cluster, secret, brokerUrl, brokerUser, brokerPassword, window, maxKeys,
                maxBytes, maxInflight, queueCapacity, antiEntropyInterval, reconnectMin, reconnectMax, keepAlive, heartbeat, brokerTls);
    }

    /** The same batching limits with another (base) window, as {@code replication.batch.window} sets it. */
    public ReplicationConfig withBatchWindow(Duration window) {
        return withBatching(window, batchMaxKeys, batchMaxBytes);
    }

    public ReplicationConfig withQueueCapacity(int capacity) {
        return new ReplicationConfig(cluster, secret, brokerUrl, brokerUser, brokerPassword, batchWindow, batchMaxKeys,
                batchMaxBytes, maxInflight, capacity, antiEntropyInterval, reconnectMin, reconnectMax, keepAlive, heartbeat, brokerTls);
    }

    public ReplicationConfig withAntiEntropyInterval(Duration interval) {
        return new ReplicationConfig(cluster, secret, brokerUrl, brokerUser, brokerPassword, batchWindow, batchMaxKeys,
                batchMaxBytes, maxInflight, queueCapacity, interval, reconnectMin, reconnectMax, keepAlive, heartbeat, brokerTls);
    }

    /** The same settings with membership records published every {@code every}. */
    public ReplicationConfig withHeartbeat(Duration every) {
        return new ReplicationConfig(cluster, secret, brokerUrl, brokerUser, brokerPassword, batchWindow, batchMaxKeys,
                batchMaxBytes, maxInflight, queueCapacity, antiEntropyInterval, reconnectMin, reconnectMax, keepAlive, every, brokerTls);
    }

    public ReplicationConfig withReconnect(Duration min, Duration max) {
        return new ReplicationConfig(cluster, secret, brokerUrl, brokerUser, brokerPassword, batchWindow, batchMaxKeys,
                batchMaxBytes, maxInflight, queueCapacity, antiEntropyInterval, min, max, keepAlive, heartbeat, brokerTls);
    }

    /** The same settings connecting to an {@code ssl://} broker with {@code sockets} (the node's certificate, the CA it trusts). */
    public ReplicationConfig withBrokerTls(SSLSocketFactory sockets) {
        return new ReplicationConfig(cluster, secret, brokerUrl, brokerUser, brokerPassword, batchWindow, batchMaxKeys,
                batchMaxBytes, maxInflight, queueCapacity, antiEntropyInterval, reconnectMin, reconnectMax, keepAlive, heartbeat,
                Optional.of(sockets));
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
    }

    /** Without the secret or the password: safe to log. */
    @Override
    public String toString() {
        return "ReplicationConfig{cluster=" + cluster + ", broker=" + (brokerUrl.isEmpty() ? "(none)" : brokerUrl)
                + ", user=" + (brokerUser.isEmpty() ? "(anonymous)" : brokerUser) + ", batch=" + batchWindow.toMillis() + "ms/"
                + batchMaxKeys + " keys/" + batchMaxBytes + " B, inflight=" + maxInflight + ", queue=" + queueCapacity
                + ", antiEntropy=" + antiEntropyInterval + ", reconnect=" + reconnectMin.toMillis() + ".." + reconnectMax.toMillis()
                + "ms, keepAlive=" + keepAlive + ", heartbeat=" + heartbeat + "}";
    }
}
