package io.vkv.node.config;

import java.util.Optional;

/** Every setting a node reads: its name in the config file, its command-line flag, its environment variable and default. */
public enum ConfigKey {
    NODE_ID("node.id", "--node-id", "VKV_NODE_ID", "n1",
            "The node's name: 1..64 characters of [A-Za-z0-9_.-], starting with a letter or digit."),
    NODE_HOST("node.host", "--host", "VKV_HOST", "127.0.0.1",
            "The address the gRPC server listens on (0.0.0.0 for every interface)."),
    NODE_PORT("node.port", "--port", "VKV_PORT", "7001",
            "The gRPC port (1..65535, or 0 for a free port chosen at start)."),
    NODE_ADVERTISE("node.advertise", "--advertise", "VKV_ADVERTISE", "",
            "Where peers reach this node's gRPC server: host or host:port (IPv6 in brackets); empty: node.host and "
                    + "the port listened on. Required with a broker when node.host is a wildcard (0.0.0.0, ::)."),
    DATA_DIR("data.dir", "--data-dir", "VKV_DATA_DIR", "data/<node.id>",
            "Where the operation log, snapshots and the generated cluster secret live."),
    FSYNC("fsync", "--fsync", "VKV_FSYNC", "always",
            "always (durable before the ack), interval:<ms> or never."),
    SNAPSHOT_INTERVAL("snapshot.interval", "--snapshot-interval", "VKV_SNAPSHOT_INTERVAL", "60s",
            "Time between snapshots, e.g. 500ms, 30s, 5m, 1h; 0 turns periodic snapshots off."),
    HISTORY_MAX_VERSIONS("history.max-versions", "--history-max-versions", "VKV_HISTORY_MAX_VERSIONS", "10",
            "Superseded versions each key keeps for reads as of a version (0..10000; 0 turns history off); beyond it the "
                    + "oldest go. Use the same value on every node, or replicas keep different histories."),
    LIMITS_KEY_BYTES("limits.key.bytes", "--limits-key-bytes", "VKV_LIMITS_KEY_BYTES", "1024",
            "Largest key accepted, in bytes (a number, or with a KiB/MiB suffix)."),
    LIMITS_VALUE_BYTES("limits.value.bytes", "--limits-value-bytes", "VKV_LIMITS_VALUE_BYTES", "1MiB",
            "Largest value accepted, in bytes (a number, or with a KiB/MiB suffix); at most 64MiB."),
    CLUSTER_NAME("cluster.name", "--cluster-name", "VKV_CLUSTER_NAME", "vkv",
            "The cluster's name: 1..64 characters of [A-Za-z0-9_.-]; part of every MQTT topic."),
    CLUSTER_SECRET("cluster.secret", "--cluster-secret", "VKV_CLUSTER_SECRET", "",
            "Signs context tokens (and replication): at least 16 characters, the same on every node. "
                    + "Empty: a random secret generated once into <data.dir>/cluster.secret (mode 600)."),
    PARTITIONS("partitions", "--partitions", "VKV_PARTITIONS", "64",
            "Number of partitions of the key space (1..65536), fixed when the cluster is created."),
    RING_REPLICAS("ring.replicas", "--ring-replicas", "VKV_RING_REPLICAS", "3",
            "N, how many nodes replicate each partition (1..64); the same on every node. With N at least the number of "
                    + "nodes every node holds every key."),
    RING_TOKEN("ring.token", "--ring-token", "VKV_RING_TOKEN", "",
            "This node's position on the ring, 0..2^64-1 (decimal); it replicates the arc from the previous token up to "
                    + "this one. Empty: the token chosen when the node first joined (kept in <data.dir>/node.meta), "
                    + "or the middle of the widest arc for a new node."),
    QUORUM_R("quorum.r", "--quorum-r", "VKV_QUORUM_R", "1",
            "R, how many replicas a read waits for (1..ring.replicas) when the request does not say; above 1 the node "
                    + "merges their states and repairs the stale ones."),
    QUORUM_W("quorum.w", "--quorum-w", "VKV_QUORUM_W", "1",
            "W, how many replicas must hold a write durably before it is acknowledged (1..ring.replicas) when the "
                    + "request does not say."),
    BROKER_URL("broker.url", "--broker-url", "VKV_BROKER_URL", "",
            "The MQTT broker, tcp://host:port or ssl://host:port (tcp://user:password@host:port when it "
                    + "requires a login); empty runs the node alone."),
    REPLICATION_BATCH_WINDOW("replication.batch.window", "--replication-batch-window", "VKV_REPLICATION_BATCH_WINDOW", "10ms",
            "How long a partition's batch of changes stays open before it is published (0 to 1s); it stretches up to "
                    + "10 times above 1,000 changes/s. Shorter: less lag; longer: fewer, fuller MQTT messages."),
    REPLICATION_ANTI_ENTROPY_INTERVAL("replication.anti-entropy.interval", "--replication-anti-entropy-interval",
            "VKV_REPLICATION_ANTI_ENTROPY_INTERVAL", "30s",
            "Time between periodic anti-entropy rounds with every peer (at least 1s, or 0 for none: rounds still run "
                    + "at start-up, when a peer comes up, on reconnect and on a gap)."),
    SHUTDOWN_GRACE("shutdown.grace", "--shutdown-grace", "VKV_SHUTDOWN_GRACE", "10s",
            "How long a stopping node waits for in-flight calls before cancelling them."),
    METRICS_PORT("metrics.port", "--metrics-port", "VKV_METRICS_PORT", "",
            "Port of the Prometheus endpoint, http://<node.host>:<port>/metrics (0 for a free port chosen at start); empty: "
                    + "no endpoint."),
    TLS_CERT("tls.cert", "--tls-cert", "VKV_TLS_CERT", "",
            "PEM certificate (chain, leaf first) the node presents to clients, peers and the broker. Set with tls.key: the gRPC "
                    + "port serves TLS only. It must name the host peers reach the node at, and chain to tls.ca."),
    TLS_KEY("tls.key", "--tls-key", "VKV_TLS_KEY", "",
            "The certificate's private key: unencrypted PKCS#8 PEM (BEGIN PRIVATE KEY), EC, RSA or Ed25519; keep it mode 600."),
    TLS_CA("tls.ca", "--tls-ca", "VKV_TLS_CA", "",
            "PEM certificate(s) of the cluster's CA. Verifies peers, the broker and clients' certificates; set: calls between "
                    + "nodes need a node certificate from it (subject OU=vkv-node). Empty: the JVM's trust store, no node checks."),
    TLS_CLIENT_AUTH("tls.client-auth", "--tls-client-auth", "VKV_TLS_CLIENT_AUTH", "optional",
            "optional (a client may present a certificate, which must then chain to tls.ca) or require (every client must)."),
    AUTH_TOKENS("auth.tokens", "--auth-tokens", "VKV_AUTH_TOKENS", "",
            "File of hashed bearer tokens, a line 'ROLE NAME sha256:HEX' each (roles read, write, admin). Set: every client "
                    + "call needs a token whose role covers it. Needs TLS. Re-read within a second of a change."),
    WATCH_QUEUE("watch.queue", "--watch-queue", "VKV_WATCH_QUEUE", "1024",
            "Changes buffered per Watch stream; a watcher further behind is closed with RESOURCE_EXHAUSTED.");

    private final String key;
    private final String flag;
    private final String envVar;
    private final String defaultText;
    private final String description;

    ConfigKey(String key, String flag, String envVar, String defaultText, String description) {
        this.key = key;
        this.flag = flag;
        this.envVar = envVar;
        this.defaultText = defaultText;
        this.description = description;
    }

    /** The name used in the config file, e.g. {@code node.port}. */
    public String key() {
        return key;
    }

    /** The command-line flag, e.g. {@code --port}. */
    public String flag() {
        return flag;
    }

    /** The environment variable, e.g. {@code VKV_PORT}. */
    public String envVar() {
        return envVar;
    }

    /** The default as written in the documentation. */
    public String defaultText() {
        return defaultText;
    }

    public String description() {
        return description;
    }

    /** The setting named {@code key} in a config file. */
    public static Optional<ConfigKey> byKey(String key) {
        for (ConfigKey k : values()) {
            if (k.key.equals(key)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /** The setting whose command-line flag is {@code flag}. */
    public static Optional<ConfigKey> byFlag(String flag) {
        for (ConfigKey k : values()) {
            if (k.flag.equals(flag)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
