package io.vkv.node.testing;

import io.vkv.broker.EmbeddedBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The embedded Moquette broker as a {@link TestBroker}, persisting into a directory of the test's. */
public final class MoquetteBroker implements TestBroker {

    private final Path dataDir;
    private final int port;
    private EmbeddedBroker broker;

    private MoquetteBroker(Path dataDir, EmbeddedBroker broker) {
        this.dataDir = dataDir;
        this.broker = broker;
        this.port = broker.port();
    }

    /** Starts a persistent broker on a free port, keeping its state in {@code dataDir}. */
    public static MoquetteBroker start(Path dataDir) throws IOException {
        return new MoquetteBroker(dataDir, EmbeddedBroker.start(0, dataDir));
    }

    @Override
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public long cpuNanos() {
        return 0;
    }

    @Override
    public synchronized void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    @Override
    public synchronized void start(boolean keepState) throws IOException {
        stop();
        if (!keepState) {
            deleteTree(dataDir);
        }
        broker = EmbeddedBroker.start(port, dataDir);
    }

    @Override
    public void close() {
        stop();
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
