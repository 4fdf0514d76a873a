package io.vkv.node.config;

import io.vkv.node.storage.FsyncPolicy;
import io.vkv.node.storage.Limits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Builds a {@link NodeConfig} from its sources with precedence flag > environment > file > default.
 * Pure: the sources are maps (file and flags keyed by config key, the environment by variable name).
 * Every problem is reported at once, one line each, naming the key, the value and what is expected.
 */
public final class NodeConfigLoader {

    /** Values are at most 64 MiB: gRPC messages carry a whole value. */
    static final int MAX_VALUE_LIMIT = 64 * 1024 * 1024;
    /** Secrets shorter than this are refused: HMAC keys that can be guessed protect nothing. */
    static final int MIN_SECRET_CHARS = 16;

    private final Map<String, String> file;
    private final Map<String, String> env;
    private final Map<String, String> flags;
    private final List<String> errors = new ArrayList<>();

    private NodeConfigLoader(Map<String, String> file, Map<String, String> env, Map<String, String> flags) {
        this.file = file;
        this.env = env;
        this.flags = flags;
    }

    /**
     * The configuration from a config file's entries, the process environment and command-line flags
     * (as parsed by {@link CommandLineFlags}); throws {@link ConfigException} naming every bad value.
     */
    public static NodeConfig load(Map<String, String> file, Map<String, String> env, Map<String, String> flags) {
        return new NodeConfigLoader(file, env, flags).build();
    }

    private NodeConfig build() {
        rejectUnknownKeys();
        String nodeId = value(ConfigKey.NODE_ID, ValueParser::name);
        String host = value(ConfigKey.NODE_HOST, ValueParser::host);
        Integer port = value(ConfigKey.NODE_PORT, ValueParser::port);
        String advertise = value(ConfigKey.NODE_ADVERTISE, ValueParser::advertise);
        // The data directory defaults to data/<node.id>: several local nodes never share one by accident.
        Path dataDir = value(ConfigKey.DATA_DIR, NodeConfigLoader::path,
                () -> Path.of("data", nodeId == null ? "n1" : nodeId));
        FsyncPolicy fsync = value(ConfigKey.FSYNC, ValueParser::fsync);
        Duration snapshots = value(ConfigKey.SNAPSHOT_INTERVAL, ValueParser::duration);
        Integer history = value(ConfigKey.HISTORY_MAX_VERSIONS, t -> ValueParser.intInRange(t, 0, 10_000));
        Integer maxKey = value(ConfigKey.LIMITS_KEY_BYTES, t -> ValueParser.bytes(t, 1, 65535));
        Integer maxValue = value(ConfigKey.LIMITS_VALUE_BYTES, t -> ValueParser.bytes(t, 0, MAX_VALUE_LIMIT));
        String cluster = value(ConfigKey.CLUSTER_NAME, ValueParser::name);
        String secret = value(ConfigKey.CLUSTER_SECRET, NodeConfigLoader::secret);
        Integer partitions = value(ConfigKey.PARTITIONS, t -> ValueParser.intInRange(t, 1, 65536));
        Integer replicas = value(ConfigKey.RING_REPLICAS, t -> ValueParser.intInRange(t, 1, 64));
        OptionalLong token = value(ConfigKey.RING_TOKEN, ValueParser::token);
        int maxQuorum = replicas == null ? 64 : replicas;
        Integer readQuorum = value(ConfigKey.QUORUM_R, t -> quorum(t, maxQuorum));
        Integer writeQuorum = value(ConfigKey.QUORUM_W, t -> quorum(t, maxQuorum));
        String broker = value(ConfigKey.BROKER_URL, ValueParser::brokerUrl);
        Duration batchWindow = value(ConfigKey.REPLICATION_BATCH_WINDOW, t -> ValueParser.durationInRange(t, Duration.ZERO, Duration.ofSeconds(1)));
        Duration antiEntropy = value(ConfigKey.REPLICATION_ANTI_ENTROPY_INTERVAL, NodeConfigLoader::antiEntropyInterval);
        Duration grace = value(ConfigKey.SHUTDOWN_GRACE, ValueParser::duration);
        Integer watchQueue = value(ConfigKey.WATCH_QUEUE, t -> ValueParser.intInRange(t, 1, 1_000_000));
        OptionalInt metricsPort = value(ConfigKey.METRICS_PORT, t -> t.isBlank() ? OptionalInt.empty() : OptionalInt.of(ValueParser.port(t)));
        Optional<Path> tlsCert = value(ConfigKey.TLS_CERT, NodeConfigLoader::optionalPath);
        Optional<Path> tlsKey = value(ConfigKey.TLS_KEY, NodeConfigLoader::optionalPath);
        Optional<Path> tlsCa = value(ConfigKey.TLS_CA, NodeConfigLoader::optionalPath);
        Boolean requireClientCerts = value(ConfigKey.TLS_CLIENT_AUTH, NodeConfigLoader::clientAuth);
        Optional<Path> authTokens = value(ConfigKey.AUTH_TOKENS, NodeConfigLoader::optionalPath);
        TlsSettings tls = tlsCert == null || tlsKey == null || tlsCa == null || requireClientCerts == null ? null
                : tlsSettings(tlsCert, tlsKey, tlsCa, requireClientCerts, authTokens, broker);
        if (host != null && advertise != null && broker != null && ValueParser.isWildcard(host) && advertise.isEmpty() && !broker.isEmpty()) {
            errors.add(ConfigKey.NODE_ADVERTISE.key() + " must be set when " + ConfigKey.NODE_HOST.key() + " is " + host
                    + " and a broker is configured: peers cannot reach a node at a wildcard address (e.g. "
                    + ConfigKey.NODE_ADVERTISE.flag() + " node1.example.com)");
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(String.join("\n", errors));
        }
        return new NodeConfig(nodeId, host, port, advertise, dataDir, fsync, snapshots, history, new Limits(maxKey, maxValue), cluster,
                secret.isEmpty() ? Optional.empty() : Optional.of(secret), partitions, replicas, token, readQuorum, writeQuorum, broker, batchWindow, antiEntropy, grace, watchQueue,
                metricsPort, tls, authTokens);
    }

    private TlsSettings tlsSettings(Optional<Path> cert, Optional<Path> key, Optional<Path> ca, boolean requireClientCerts,
                                    Optional<Path> authTokens, String broker) {
        if (cert.isPresent() != key.isPresent()) {
            errors.add((cert.isPresent() ? ConfigKey.TLS_KEY : ConfigKey.TLS_CERT).key() + " must be set too: TLS needs both "
                    + ConfigKey.TLS_CERT.key() + " and " + ConfigKey.TLS_KEY.key());
        }
        if (cert.isEmpty() && ca.isPresent()) {
            errors.add(ConfigKey.TLS_CA.key() + " is set but " + ConfigKey.TLS_CERT.key() + " is not: a node without its own"
                    + " certificate serves plaintext and cannot prove itself to peers");
        }
        if (requireClientCerts && ca.isEmpty()) {
            errors.add(ConfigKey.TLS_CLIENT_AUTH.key() + " require needs " + ConfigKey.TLS_CA.key() + ": client certificates are checked against it");
        }
        if (authTokens != null && authTokens.isPresent() && cert.isEmpty()) {
            errors.add(ConfigKey.AUTH_TOKENS.key() + " needs TLS (" + ConfigKey.TLS_CERT.key() + ", " + ConfigKey.TLS_KEY.key()
                    + "): bearer tokens must not travel in plaintext");
        }
        if (broker != null && broker.startsWith("ssl:") && cert.isEmpty()) {
            errors.add(ConfigKey.BROKER_URL.key() + " is ssl:// but " + ConfigKey.TLS_CERT.key() + " is not set: the node presents"
                    + " its certificate to the broker");
        }
        return new TlsSettings(cert, key, ca, requireClientCerts);
    }

    private static Optional<Path> optionalPath(String text) {
        return text.isBlank() ? Optional.empty() : Optional.of(path(text));
    }

    private static boolean clientAuth(String text) {
        return switch (text.strip()) {
            case "optional" -> false;
            case "require" -> true;
            default -> throw new IllegalArgumentException(ValueParser.quote(text) + " is neither optional nor require");
        };
    }

    private static int quorum(String text, int replicas) {
        int q = ValueParser.intInRange(text, 1, 64);
        if (q > replicas) {
            throw new IllegalArgumentException("must be within 1.." + replicas + " (" + ConfigKey.RING_REPLICAS.key()
                    + "): no more replicas than that hold a key, got " + q);
        }
        return q;
    }

    private void rejectUnknownKeys() {
        for (Map.Entry<String, Map<String, String>> source : Map.of("config file", file, "flags", flags).entrySet()) {
            TreeSet<String> unknown = new TreeSet<>();
            for (String key : source.getValue().keySet()) {
                if (ConfigKey.byKey(key).isEmpty()) {
                    unknown.add(key);
                }
            }
            if (!unknown.isEmpty()) {
                errors.add("unknown key" + (unknown.size() > 1 ? "s" : "") + " in " + source.getKey() + ": "
                        + String.join(", ", unknown) + " (known keys: " + knownKeys() + ")");
            }
        }
    }

    private static String knownKeys() {
        List<String> keys = new ArrayList<>();
        for (ConfigKey k : ConfigKey.values()) {
            keys.add(k.key());
        }
        return String.join(", ", keys);
    }

    /** The value of {@code key} from the highest-precedence source that sets it, else its documented default. */
    private <T> T value(ConfigKey key, Function<String, T> parse) {
        return value(key, parse, () -> parse.apply(key.defaultText()));
    }

    /** The value of {@code key} from the highest-precedence source that sets it, else {@code fallback}; null when bad. */
    private <T> T value(ConfigKey key, Function<String, T> parse, Supplier<T> fallback) {
        String text;
        String from;
        if (flags.containsKey(key.key())) {
            text = flags.get(key.key());
            from = " (from " + key.flag() + ")";
        } else if (env.containsKey(key.envVar())) {
            text = env.get(key.envVar());
            from = " (from " + key.envVar() + ")";
        } else if (file.containsKey(key.key())) {
            text = file.get(key.key());
            from = "";
        } else {
            return fallback.get();
        }
        try {
            return parse.apply(text == null ? "" : text);
        } catch (IllegalArgumentException e) {
            errors.add(key.key() + ": " + e.getMessage() + from);
            return null;
        }
    }

    private static Path path(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("'' is not a directory path");
        }
        try {
            return Path.of(text.trim());
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException(ValueParser.quote(text) + " is not a directory path (" + e.getReason() + ")");
        }
    }

    private static Duration antiEntropyInterval(String text) {
        Duration d = ValueParser.duration(text);
        if (!d.isZero() && d.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException(ValueParser.quote(text) + " is too short: at least 1s, or 0 for no periodic rounds");
        }
        return d;
    }

    private static String secret(String text) {
        if (text.isEmpty()) {
            return text;
        }
        if (text.length() < MIN_SECRET_CHARS) {
            // Never echo the secret itself: error messages end up in logs.
            throw new IllegalArgumentException("the secret is " + text.length() + " characters; at least "
                    + MIN_SECRET_CHARS + " are required (or leave it empty to use <data.dir>/cluster.secret)");
        }
        return text;
    }
}
