package io.vkv.cli.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The configuration of a Mosquitto run by the launcher: the repository's {@code broker-config/mosquitto.conf}
 * with the local overrides of {@code broker-config/mosquitto-test.conf} when they exist, else a minimal one
 * with the same queue limits; in both cases listening on the chosen loopback port, persisting under the cluster
 * directory and logging to stdout (the broker's log file).
 */
final class MosquittoConfig {

    /** The system binary. */
    static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    /** Without these, Mosquitto silently drops QoS 1 messages to an offline or slow node (see STACK.md). */
    private static final List<String> MINIMAL = List.of(
            "allow_anonymous true",
            "persistence true",
            "max_queued_messages 100000",
            "max_inflight_messages 1000");

    private MosquittoConfig() {
    }

    /** Writes {@code DIR/mosquitto.conf} for a broker on {@code port} and returns its path. */
    static Path write(ClusterDir dir, int port, Optional<Path> repository, Optional<SecureFiles> secure) throws IOException {
        Optional<Path> base = repository.map(r -> r.resolve("broker-config/mosquitto.conf")).filter(Files::isRegularFile);
        Optional<Path> local = repository.map(r -> r.resolve("broker-config/mosquitto-test.conf")).filter(Files::isRegularFile);
        List<String> lines = new ArrayList<>();
        lines.add("# Written by vkv cluster up from " + base.map(Path::toString).orElse("built-in defaults") + "; rewritten at every up.");
        Map<String, String> overrides = new LinkedHashMap<>();
        if (base.isPresent()) {
            local.ifPresent(f -> settings(read(f)).forEach(overrides::put));
        } else {
            settings(MINIMAL).forEach(overrides::put);
        }
        overrides.put("listener", "listener " + port + " 127.0.0.1");
        overrides.put("persistence_location", "persistence_location " + dir.brokerData() + "/");
        overrides.put("log_dest", "log_dest stdout");
        if (secure.isPresent()) {
            // TLS only, a certificate of the cluster's CA required, its common name (the node id) the ACL's user.
            SecureFiles s = secure.get();
            Path acl = dir.root().resolve("mosquitto.acl");
            Files.write(acl, List.of("pattern write vkv/vkv/to/+/%u", "pattern read vkv/vkv/to/%u/+",
                    "pattern write vkv/vkv/members/%u", "pattern read vkv/vkv/members/#"), StandardCharsets.UTF_8);
            overrides.put("cafile", "cafile " + s.ca());
            overrides.put("certfile", "certfile " + s.broker()[0]);
            overrides.put("keyfile", "keyfile " + s.broker()[1]);
            overrides.put("require_certificate", "require_certificate true");
            overrides.put("use_identity_as_username", "use_identity_as_username true");
            overrides.put("allow_anonymous", "allow_anonymous false");
            overrides.put("password_file", "password_file");
            overrides.put("acl_file", "acl_file " + acl);
        }
        if ("root".equals(System.getProperty("user.name"))) {
            // Run as root, Mosquitto drops to user mosquitto, who cannot write a root-owned persistence directory.
            overrides.put("user", "user root");
        }
        base.ifPresent(f -> read(f).stream().filter(l -> !overrides.containsKey(name(l))).forEach(lines::add));
        // An override without a value ("password_file") removes the setting from the base.
        overrides.values().stream().filter(l -> l.trim().contains(" ")).forEach(lines::add);
        Files.createDirectories(dir.brokerData());
        Path conf = dir.root().resolve("mosquitto.conf");
        Files.write(conf, lines, StandardCharsets.UTF_8);
        return conf;
    }

    /** The setting each non-comment line names, mapped to the line (the last line wins, as in Mosquitto). */
    private static Map<String, String> settings(List<String> lines) {
        return lines.stream().filter(l -> !name(l).isEmpty())
                .collect(Collectors.toMap(MosquittoConfig::name, String::trim, (a, b) -> b, LinkedHashMap::new));
    }

    private static String name(String line) {
        String t = line.trim();
        return t.isEmpty() || t.startsWith("#") ? "" : t.split("\\s+", 2)[0];
    }

    private static List<String> read(Path f) {
        try {
            return Files.readAllLines(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ClusterException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }
}
