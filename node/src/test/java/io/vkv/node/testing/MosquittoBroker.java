package io.vkv.node.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto process on a free loopback port, configured from the production
 * {@code broker-config/mosquitto.conf} with the overrides of {@code broker-config/mosquitto-test.conf}
 * (a setting named there replaces the production one; named without a value, it is removed).
 * Missing Mosquitto is an error, not a reason to skip: CI installs it.
 */
public final class MosquittoBroker implements TestBroker {

    /** Where Debian and Ubuntu install it. */
    public static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    private final Path workDir;
    private final int port;
    private final List<String> extraSettings;
    private Process process;

    private MosquittoBroker(Path workDir, int port, List<String> extraSettings) {
        this.workDir = workDir;
        this.port = port;
        this.extraSettings = extraSettings;
    }

    /** Starts Mosquitto with its config, persistence and log in {@code workDir}. */
    public static MosquittoBroker start(Path workDir) throws IOException {
        return start(workDir, List.of());
    }

    /**
     * Starts Mosquitto with {@code extraSettings} applied last, e.g. {@code "allow_anonymous false"}
     * and a {@code password_file} to test the production authentication.
     */
    public static MosquittoBroker start(Path workDir, List<String> extraSettings) throws IOException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException("Mosquitto is not installed at " + BINARY + " (apt-get install mosquitto): the Mosquitto tests need it");
        }
        Files.createDirectories(workDir);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        MosquittoBroker broker = new MosquittoBroker(workDir, port, extraSettings);
        broker.writeConfig();
        broker.launch();
        return broker;
    }

    /** The directory holding {@code broker-config/} (the repository root), found from the working directory. */
    public static Path brokerConfigDir() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("broker-config/mosquitto.conf"))) {
                return dir.resolve("broker-config");
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("broker-config/mosquitto.conf not found above " + Path.of("").toAbsolutePath());
    }

    private void writeConfig() throws IOException {
        Path configDir = brokerConfigDir();
        List<String> overrides = new ArrayList<>();
        for (String line : Files.readAllLines(configDir.resolve("mosquitto-test.conf"))) {
            String key = line.trim().split("\\s+")[0];
            if (extraSettings.stream().noneMatch(x -> x.split("\\s+")[0].equals(key))) {
                overrides.add(line);
            }
        }
        overrides.add("listener " + port + " 127.0.0.1"); // first: listener options among the extras (TLS) apply to it
        overrides.addAll(extraSettings);
        overrides.add("persistence_location " + workDir.toAbsolutePath() + "/");
        Set<String> replaced = new HashSet<>(List.of("listener", "persistence_location"));
        List<String> kept = new ArrayList<>();
        for (String line : overrides) {
            String t = line.trim();
            if (!t.isEmpty() && !t.startsWith("#")) {
                replaced.add(t.split("\\s+")[0]);
                if (t.contains(" ")) {
                    kept.add(t);
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(configDir.resolve("mosquitto.conf"))) {
            String t = line.trim();
            if (t.isEmpty() || t.startsWith("#") || !replaced.contains(t.split("\\s+")[0])) {
                out.add(line);
            }
        }
        out.add("# --- test overrides");
        out.addAll(kept);
        Files.write(configFile(), out, StandardCharsets.UTF_8);
    }

    private Path configFile() {
        return workDir.resolve("mosquitto.conf");
    }

    private void launch() throws IOException {
        process = new ProcessBuilder(BINARY.toString(), "-c", configFile().toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("mosquitto.log").toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("mosquitto exited with " + process.exitValue() + "; see " + workDir.resolve("mosquitto.log"));
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                return;
            } catch (IOException notYet) {
                sleepBriefly();
            }
        }
        process.destroyForcibly();
        throw new IOException("mosquitto did not listen on port " + port + " within 10 s");
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(20); // polling for the port: not an assertion
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public int port() {
        return port;
    }

    /** The process id (for simulations that pause it with SIGSTOP). */
    public long pid() {
        return process.pid();
    }

    @Override
    public long cpuNanos() {
        return process.toHandle().info().totalCpuDuration().map(d -> d.toNanos()).orElse(0L);
    }

    /** Stops it with SIGTERM: Mosquitto saves its state first. */
    @Override
    public synchronized void stop() throws IOException {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping mosquitto", e);
        }
        process = null;
    }

    /** Kills it with SIGKILL: whatever it did not save is lost. */
    public synchronized void kill() throws IOException {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while killing mosquitto", e);
        }
        process = null;
    }

    @Override
    public synchronized void start(boolean keepState) throws IOException {
        stop();
        if (!keepState) {
            Files.deleteIfExists(workDir.resolve("mosquitto.db"));
        }
        launch();
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
