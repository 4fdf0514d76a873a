package io.vkv.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A fresh Redis (Debian's {@code redis-server}) that makes every write durable before answering
 * ({@code appendonly yes}, {@code appendfsync always}), measured by its own {@code redis-benchmark}
 * with 50 clients and 100-byte values over 10,000 keys: SET and GET requests per second and p99.
 */
final class RedisBench {

    private static final Path SERVER = Path.of("/usr/bin/redis-server");
    private static final Path BENCHMARK = Path.of("/usr/bin/redis-benchmark");

    private RedisBench() {
    }

    static boolean installed() {
        return Files.isExecutable(SERVER) && Files.isExecutable(BENCHMARK);
    }

    /** Per test ("SET", "GET"): {@code ops_per_sec} and {@code p99_ms}, after a warm-up pass of each. */
    static Map<String, Map<String, Double>> run(int seconds) throws Exception {
        Path dir = Files.createTempDirectory("vkv-bench-redis");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Process server = new ProcessBuilder(SERVER.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--appendonly", "yes", "--appendfsync", "always", "--save", "")
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        try {
            awaitListening(port);
            Map<String, Map<String, Double>> out = new LinkedHashMap<>();
            for (String test : List.of("SET", "GET")) {
                Map<String, Double> probe = benchmark(port, test, 20_000); // warms up, and sizes the measured run
                long requests = Math.max(20_000, Math.round(probe.get("ops_per_sec") * seconds));
                out.put(test, benchmark(port, test, requests));
            }
            return out;
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** redis-benchmark started before the server listens spins on its connects, never finishing. */
    private static void awaitListening(int port) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("redis-server did not listen on port " + port + " within 30 s");
    }

    private static Map<String, Double> benchmark(int port, String test, long requests) throws IOException, InterruptedException {
        List<String> cmd = List.of(BENCHMARK.toString(), "-p", String.valueOf(port), "-c", "50", "-d", "100", "-r", "10000",
                "-n", String.valueOf(requests), "-t", test.toLowerCase(), "--csv");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String csv = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + csv);
        }
        // "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
        for (String line : csv.split("\n")) {
            String[] f = line.replace("\"", "").split(",");
            if (f.length >= 7 && f[0].equals(test)) {
                Map<String, Double> figures = new LinkedHashMap<>();
                figures.put("ops_per_sec", Double.parseDouble(f[1]));
                figures.put("p99_ms", Double.parseDouble(f[6]));
                return figures;
            }
        }
        throw new IllegalStateException("redis-benchmark printed no " + test + " line: " + csv);
    }
}
