package io.vkv.cli.cluster;

import io.vkv.cli.Vkv;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The fat jar the launcher starts its processes from: the one this JVM runs ({@code -Dvkv.jar=PATH} overrides it,
 * which tests running from classes use), with the same {@code java}.
 */
public final class VkvJar {

    /**
     * JVM options of every launched process unless {@code VKV_CLUSTER_JAVA_OPTS} says otherwise: a serial collector
     * (several JVMs share few cores) with a 256 MB initial heap, which took a fresh 3-node cluster from 0.34× to
     * 0.82× a lone node's rate after a 20 s warm-up (docs/benchmarks.md, "Launcher JVM options").
     */
    static final String DEFAULT_JAVA_OPTS = "-XX:+UseSerialGC -Xms256m -Xmx512m";

    private final Path jar;

    private VkvJar(Path jar) {
        this.jar = jar;
    }

    /** The jar to run, or a {@link ClusterException} when this JVM runs from classes and none was named. */
    public static VkvJar locate() {
        String configured = System.getProperty("vkv.jar");
        if (configured != null) {
            return existing(Path.of(configured));
        }
        try {
            Path source = Path.of(Vkv.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(source) && source.toString().endsWith(".jar")) {
                return existing(source);
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // No usable code source: fall through to the error below.
        }
        throw new ClusterException("cannot tell which vkv.jar to start processes from: run bin/vkv, or set -Dvkv.jar=PATH");
    }

    private static VkvJar existing(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new ClusterException(jar + " does not exist: build it with mvn -pl cli -am package");
        }
        return new VkvJar(jar.toAbsolutePath().normalize());
    }

    public Path path() {
        return jar;
    }

    /** {@code java <options> -jar vkv.jar <args>}. */
    List<String> command(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String opts = System.getenv().getOrDefault("VKV_CLUSTER_JAVA_OPTS", DEFAULT_JAVA_OPTS);
        Arrays.stream(opts.trim().split("\\s+")).filter(s -> !s.isEmpty()).forEach(command::add);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        return command;
    }
}
