package io.vkv.cli.cluster;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The directory a local cluster lives in: one record per process ({@code <id>.properties}), its log
 * ({@code <id>.log}), node data under {@code data/<id>}, the broker's under {@code broker/}, the shared
 * {@code cluster.secret} and {@code cluster.properties} (which broker the nodes use).
 */
public final class ClusterDir {

    /** Orders the broker first, then nodes by name with n2 before n10. */
    private static final Comparator<ProcessRecord> ORDER = Comparator.comparing(ProcessRecord::role)
            .thenComparing(r -> r.id().length()).thenComparing(ProcessRecord::id);
    private static final String CLUSTER_FILE = "cluster.properties";
    private static final String SECRET_FILE = "cluster.secret";

    private final Path root;

    public ClusterDir(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The cluster's TLS and token material (present when it was created with --secure). */
    public SecureFiles secure() {
        return new SecureFiles(root);
    }

    public Path root() {
        return root;
    }

    /** The directory as shown to the user: relative to the working directory when inside it. */
    public String display() {
        return display(root);
    }

    /** {@code path} relative to the working directory when inside it, else absolute: short, and still usable. */
    public static String display(Path path) {
        Path cwd = Path.of("").toAbsolutePath();
        Path p = path.toAbsolutePath().normalize();
        return p.startsWith(cwd) && !p.equals(cwd) ? cwd.relativize(p).toString() : p.toString();
    }

    Path recordFile(String id) {
        return root.resolve(id + ".properties");
    }

    public Path log(String id) {
        return root.resolve(id + ".log");
    }

    Path nodeData(String id) {
        return root.resolve("data").resolve(id);
    }

    Path brokerData() {
        return root.resolve("broker");
    }

    /** Every process record, the broker first; none when the directory does not exist. */
    public List<ProcessRecord> records() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<ProcessRecord> records = new ArrayList<>();
        try (Stream<Path> files = Files.list(root)) {
            for (Path f : files.filter(ClusterDir::isRecordFile).toList()) {
                records.add(ProcessRecord.load(f));
            }
        }
        records.sort(ORDER);
        return records;
    }

    /** The record of process {@code id}, or a {@link ClusterException} listing the known ones. */
    public ProcessRecord record(String id) throws IOException {
        List<ProcessRecord> all = records();
        return all.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow(() -> new ClusterException(all.isEmpty()
                ? "no cluster in " + display() + " (start one with: vkv cluster up)"
                : "no process '" + id + "' in " + display() + " (known: "
                        + String.join(", ", all.stream().map(ProcessRecord::id).toList()) + ")"));
    }

    void save(ProcessRecord record) throws IOException {
        Files.createDirectories(root);
        record.save(recordFile(record.id()));
    }

    /** Forgets the record of process {@code id} (a node that left the cluster). */
    void forget(String id) throws IOException {
        Files.deleteIfExists(recordFile(id));
    }

    /** Forgets the process records (kept data and logs stay), e.g. before a fresh {@code up}. */
    void clearRecords() throws IOException {
        for (ProcessRecord r : records()) {
            Files.deleteIfExists(recordFile(r.id()));
        }
    }

    /** Remembers which broker the nodes were started with. */
    void saveBroker(BrokerChoice broker, String url) throws IOException {
        Properties p = new Properties();
        p.setProperty("broker.kind", broker.kind());
        p.setProperty("broker.url", url);
        Files.createDirectories(root);
        try (Writer w = Files.newBufferedWriter(root.resolve(CLUSTER_FILE), StandardCharsets.UTF_8)) {
            p.store(w, "vkv cluster (written by the launcher)");
        }
    }

    /** The broker kind and URL saved by {@link #saveBroker}, if any. */
    Optional<Properties> broker() throws IOException {
        Path f = root.resolve(CLUSTER_FILE);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return Optional.of(p);
    }

    /**
     * The secret every node of this cluster signs contexts with, generated (32 random bytes, hex, mode 600)
     * the first time: kept across {@code down} and {@code up} so that contexts clients hold stay valid.
     */
    String secret() throws IOException {
        Path f = root.resolve(SECRET_FILE);
        if (!Files.exists(f)) {
            Files.createDirectories(root);
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            try {
                Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(f, HexFormat.of().formatHex(bytes) + "\n", StandardCharsets.UTF_8);
            } catch (FileAlreadyExistsException e) {
                // Another launcher made it first: use theirs.
            }
        }
        return Files.readString(f, StandardCharsets.UTF_8).trim();
    }

    private static boolean isRecordFile(Path f) {
        String name = f.getFileName().toString();
        return name.endsWith(".properties") && !name.equals(CLUSTER_FILE) && Files.isRegularFile(f);
    }
}
