package io.vkv.cli;

import io.vkv.client.HostPort;
import io.vkv.client.VkvException;
import io.vkv.node.app.VkvNode;
import io.vkv.node.config.CommandLineFlags;
import io.vkv.node.config.ConfigException;
import io.vkv.node.config.ConfigFile;
import io.vkv.node.config.ConfigKey;
import io.vkv.node.config.NodeConfig;
import io.vkv.node.config.NodeConfigLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code vkv node}: runs one node in the foreground until SIGTERM or Ctrl-C, which close it gracefully.
 * Settings come from flags, then {@code VKV_*} environment variables, then the config file, then defaults.
 */
@Command(name = "node", description = {
        "Run a node in the foreground; SIGTERM or Ctrl-C stops it gracefully.",
        "Settings: flags, then VKV_* environment variables, then the config file (--config, else $VKV_CONFIG,",
        "else vkv.properties in the current directory), then defaults.",
        "Every other node setting is accepted as its flag too (e.g. --cluster-secret, --limits-value-bytes, --broker-url)."})
final class NodeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"--id", "--node-id"}, paramLabel = "ID", converter = NodeSettingConverter.Id.class,
            description = "The node's name (default n1).")
    String id;

    @Option(names = "--port", paramLabel = "PORT", converter = NodeSettingConverter.Port.class,
            description = "gRPC port; 0 picks a free one (default 7001).")
    String port;

    @Option(names = {"--data", "--data-dir"}, paramLabel = "DIR", converter = NodeSettingConverter.DataDir.class,
            description = "Data directory (default data/<id>).")
    String data;

    @Option(names = "--host", paramLabel = "HOST", converter = NodeSettingConverter.Host.class,
            description = "Address to listen on (default 127.0.0.1).")
    String host;

    @Option(names = "--fsync", paramLabel = "POLICY", converter = NodeSettingConverter.Fsync.class,
            description = "always, interval:<ms> or never (default always).")
    String fsync;

    @Option(names = "--snapshot-interval", paramLabel = "DURATION", converter = NodeSettingConverter.SnapshotInterval.class,
            description = "Time between snapshots, e.g. 30s (default 60s).")
    String snapshotInterval;

    @Option(names = "--broker", paramLabel = "URL", converter = NodeSettingConverter.BrokerUrl.class,
            description = "The MQTT broker, tcp://HOST:PORT (same as --broker-url).")
    String broker;

    @Option(names = "--listen-addr", paramLabel = "HOST:PORT", converter = HostPortConverter.class,
            description = "Address and port to listen on, as the seed systems' nodes take them (instead of --host and --port).")
    HostPort listenAddr;

    @Option(names = "--mqtt-broker-addr", paramLabel = "HOST", converter = NodeSettingConverter.Host.class,
            description = "The MQTT broker's host, as the seed systems' nodes take it (with --mqtt-broker-port; default port 1883).")
    String mqttBrokerAddr;

    @Option(names = "--mqtt-broker-port", paramLabel = "PORT", converter = NumberConverter.Port.class,
            description = "The MQTT broker's port (with --mqtt-broker-addr; default host 127.0.0.1).")
    Integer mqttBrokerPort;

    @Option(names = "--config", paramLabel = "FILE", converter = PathConverter.ExistingFile.class,
            description = "Config file (Java properties).")
    Path config;

    @Unmatched
    List<String> otherFlags = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        NodeConfig nodeConfig = load();
        VkvNode node = new VkvNode(nodeConfig);
        try {
            node.start();
        } catch (IOException e) {
            throw new VkvException(e.getMessage(), e);
        }
        node.closeOnShutdown();
        PrintWriter out = spec.commandLine().getOut();
        out.println("vkv node " + nodeConfig.nodeId() + " serving on " + node.address() + " (data " + nodeConfig.dataDir() + ")");
        out.flush();
        node.awaitClose();
        return 0;
    }

    /** The node's configuration; a bad setting is a usage error listing every problem. */
    private NodeConfig load() {
        try {
            CommandLineFlags others = CommandLineFlags.parse(otherFlags.toArray(String[]::new));
            Map<String, String> flags = new HashMap<>(others.values());
            put(flags, ConfigKey.NODE_ID, id);
            put(flags, ConfigKey.NODE_PORT, port);
            put(flags, ConfigKey.DATA_DIR, data);
            put(flags, ConfigKey.NODE_HOST, host);
            put(flags, ConfigKey.FSYNC, fsync);
            put(flags, ConfigKey.SNAPSHOT_INTERVAL, snapshotInterval);
            put(flags, ConfigKey.BROKER_URL, broker);
            seedSystemFlags(flags);
            Map<String, String> env = System.getenv();
            CommandLineFlags all = new CommandLineFlags(flags, Optional.ofNullable(config).or(others::configFile));
            Map<String, String> file = ConfigFile.locate(all, env, Path.of("")).map(ConfigFile::read).orElse(Map.of());
            return NodeConfigLoader.load(file, env, flags);
        } catch (ConfigException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The seed systems' start-up flags, mapped onto vkv's settings; given together with those settings they are refused. */
    private void seedSystemFlags(Map<String, String> flags) {
        if (listenAddr != null) {
            if (host != null || port != null) {
                throw new ConfigException("--listen-addr sets the host and port: give it or --host/--port, not both");
            }
            flags.put(ConfigKey.NODE_HOST.key(), listenAddr.host());
            flags.put(ConfigKey.NODE_PORT.key(), Integer.toString(listenAddr.port()));
        }
        if (mqttBrokerAddr != null || mqttBrokerPort != null) {
            if (broker != null || flags.containsKey(ConfigKey.BROKER_URL.key())) {
                throw new ConfigException("--mqtt-broker-addr/--mqtt-broker-port set the broker: give them or --broker, not both");
            }
            String h = mqttBrokerAddr == null ? "127.0.0.1" : mqttBrokerAddr;
            flags.put(ConfigKey.BROKER_URL.key(), "tcp://" + (h.contains(":") ? "[" + h + "]" : h) + ":"
                    + (mqttBrokerPort == null ? 1883 : mqttBrokerPort));
        }
    }

    private static void put(Map<String, String> flags, ConfigKey key, String value) {
        if (value != null) {
            flags.put(key.key(), value);
        }
    }
}
