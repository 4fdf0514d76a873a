package io.vkv.broker;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.moquette.broker.security.AcceptAllAuthenticator;
import io.moquette.broker.security.PermitAllAuthorizatorPolicy;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process MQTT broker (Moquette) for development, single-machine clusters and tests:
 * loopback only, telemetry off, offline queues of 65536 messages per session (at Moquette's
 * default of 1024 it silently stops acknowledging QoS 1 publishes), messages up to 16 MiB, and
 * persistence in a data directory when one is given. Production clusters use Mosquitto
 * (broker-config/). Run it alone with {@code bin/vkv broker --port P [--data DIR]}.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    private static final String HOST = "127.0.0.1";

    private final Server server;
    private final int port;
    private final Path dataDir;
    private final boolean tls;

    private EmbeddedBroker(Server server, int port, Path dataDir, boolean tls) {
        this.server = server;
        this.port = port;
        this.dataDir = dataDir;
        this.tls = tls;
    }

    /**
     * The broker's TLS material: its certificate chain and PKCS#8 key (PEM), and the CA whose certificates clients must
     * present. Every client must present one: a node without a certificate from that CA cannot connect.
     */
    public record Tls(Path cert, Path key, Path ca) {
    }

    /**
     * Starts a broker on {@code port} (0: a free one) keeping its sessions, queues and retained
     * messages in {@code dataDir} (null: in memory only, lost when it stops).
     */
    public static EmbeddedBroker start(int port, Path dataDir) throws IOException {
        return start(port, dataDir, null);
    }

    /**
     * Starts a broker as {@link #start(int, Path)} does, serving only MQTT over TLS with {@code tls} (null: plaintext
     * only). Throws IOException naming the file when the TLS material cannot be used.
     */
    public static EmbeddedBroker start(int port, Path dataDir, Tls tls) throws IOException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        }
        int chosen = port == 0 ? freePort() : port;
        Properties p = new Properties();
        p.setProperty("host", HOST);
        p.setProperty(tls == null ? "port" : "ssl_port", Integer.toString(chosen));
        if (tls != null) {
            p.setProperty("port", "disabled");
            p.setProperty("need_client_auth", "true");
        }
        p.setProperty("websocket_port", "disabled");
        p.setProperty("telemetry_enabled", "false");
        p.setProperty("allow_anonymous", "true");
        p.setProperty("session_queue_size", "65536");
        p.setProperty("netty.mqtt.message_size", Integer.toString(16 * 1024 * 1024));
        if (dataDir != null) {
            Files.createDirectories(dataDir);
            p.setProperty("persistence_enabled", "true");
            p.setProperty("data_path", dataDir.toAbsolutePath().toString());
        } else {
            p.setProperty("persistence_enabled", "false");
        }
        Server server = new Server();
        if (tls == null) {
            server.startServer(new MemoryConfig(p), Collections.emptyList());
        } else {
            SslContext context = sslContext(tls);
            server.startServer(new MemoryConfig(p), Collections.emptyList(), () -> context, new AcceptAllAuthenticator(),
                    new PermitAllAuthorizatorPolicy());
        }
        LOG.info("MQTT broker listening on {}:{}{} ({})", HOST, chosen, tls == null ? "" : " (TLS, client certificates required)",
                dataDir == null ? "in memory" : "data in " + dataDir);
        return new EmbeddedBroker(server, chosen, dataDir, tls != null);
    }

    private static SslContext sslContext(Tls tls) throws IOException {
        for (Path f : new Path[] {tls.cert(), tls.key(), tls.ca()}) {
            if (!Files.isReadable(f)) {
                throw new IOException("broker TLS: cannot read " + f);
            }
        }
        try {
            return SslContextBuilder.forServer(tls.cert().toFile(), tls.key().toFile())
                    .sslProvider(SslProvider.JDK)
                    .trustManager(tls.ca().toFile())
                    .clientAuth(ClientAuth.REQUIRE)
                    .build();
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException("broker TLS: cannot use certificate " + tls.cert() + ", key " + tls.key() + " and CA " + tls.ca()
                    + " (" + e.getMessage() + "; the key must be unencrypted PKCS#8 PEM)", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The port the broker listens on. */
    public int port() {
        return port;
    }

    /** The URL nodes connect to, e.g. {@code tcp://127.0.0.1:1883} ({@code ssl://} with TLS). */
    public String url() {
        return (tls ? "ssl://" : "tcp://") + HOST + ":" + port;
    }

    /** Where the broker keeps its state, or null when it keeps none. */
    public Path dataDir() {
        return dataDir;
    }

    /** Stops the broker (takes Moquette 2-3 s); persistent state stays in the data directory. */
    @Override
    public void close() {
        server.stopServer();
        LOG.info("MQTT broker on port {} stopped", port);
    }
}
