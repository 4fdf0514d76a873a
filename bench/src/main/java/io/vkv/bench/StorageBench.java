package io.vkv.bench;

import io.vkv.node.testing.CoordinatedStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Storage benchmarks of {@code CoordinatedStore} (plain main, not JMH: they measure the disk and threads):
 * <pre>
 *   StorageBench puts --writers 64 --seconds 5 [--in-flight 1] [--dir D]   durable puts/s under fsync always
 *   StorageBench recovery --keys 1000000 [--versions 1] [--dir D] [--xmx 1g]  load (each key written --versions times,
 *                                                           each over the last), snapshot, close; recover in a fresh JVM
 *   StorageBench open --dir D                               (the fresh JVM) open, time it, report heap
 * </pre>
 * Each mode prints one result line {@code RESULT key=value ...} that {@code bench/run-storage.sh} tabulates.
 */
public final class StorageBench {

    private StorageBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage("no mode given");
        }
        Map<String, String> opts = options(args);
        switch (args[0]) {
            case "puts" -> StorageBenchPuts.run(
                    Integer.parseInt(opts.getOrDefault("writers", "16")),
                    Integer.parseInt(opts.getOrDefault("in-flight", "1")),
                    Integer.parseInt(opts.getOrDefault("seconds", "5")),
                    Integer.parseInt(opts.getOrDefault("keys", "1000000")),
                    dir(opts));
            case "recovery" -> StorageBenchRecovery.run(
                    Integer.parseInt(opts.getOrDefault("keys", "1000000")),
                    Integer.parseInt(opts.getOrDefault("versions", "1")),
                    dir(opts),
                    opts.getOrDefault("xmx", "1g"));
            case "open" -> StorageBenchRecovery.open(Path.of(required(opts, "dir")));
            default -> usage("unknown mode '" + args[0] + "'");
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> out = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                usage("expected --name value, got '" + args[i] + "'");
            }
            out.put(args[i].substring(2), args[++i]);
        }
        return out;
    }

    private static Path dir(Map<String, String> opts) throws java.io.IOException {
        String d = opts.get("dir");
        return d != null ? Path.of(d) : Files.createTempDirectory("vkv-storage-bench");
    }

    private static String required(Map<String, String> opts, String name) {
        String v = opts.get(name);
        if (v == null) {
            usage("--" + name + " is required");
        }
        return v;
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: StorageBench puts [--writers N] [--in-flight F] [--seconds S] [--keys K] [--dir D]");
        System.err.println("       StorageBench recovery [--keys K] [--versions V] [--dir D] [--xmx 1g]");
        System.err.println("       StorageBench open --dir D");
        System.exit(2);
    }

    /** Deletes a benchmark data directory (its files only: it holds no subdirectories). */
    static void delete(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }
}
