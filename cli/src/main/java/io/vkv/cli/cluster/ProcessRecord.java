package io.vkv.cli.cluster;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * What the launcher knows of one process it started (the broker or a node), kept in {@code DIR/<id>.properties}
 * so that a later invocation can tell whether it runs, stop it, or start it again with the same command line.
 *
 * @param started when the process started, to tell it from an unrelated process that reused the pid (null: unknown)
 * @param address {@code host:port} it serves on
 * @param dataDir where it keeps its data (null when it has none)
 */
public record ProcessRecord(String id, Role role, long pid, Instant started, String address, Path dataDir, Path log,
                            List<String> command) {

    /** What a process is to the cluster. */
    public enum Role { BROKER, NODE }

    public ProcessRecord {
        command = List.copyOf(command);
    }

    /** The same process, started again as {@code newPid} at {@code newStart}. */
    public ProcessRecord restarted(long newPid, Instant newStart) {
        return new ProcessRecord(id, role, newPid, newStart, address, dataDir, log, command);
    }

    /** The live process this record names, if it still runs (and is the same process, not a reused pid). */
    public Optional<ProcessHandle> liveProcess() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> {
            Optional<Instant> actual = h.info().startInstant();
            // Start times are rounded differently across reads of /proc: allow a little slack.
            return started == null || actual.isEmpty() || Math.abs(actual.get().toEpochMilli() - started.toEpochMilli()) < 2000;
        });
    }

    public boolean isAlive() {
        return liveProcess().isPresent();
    }

    /** The port part of {@link #address()}. */
    public int port() {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    /** Writes the record to {@code file} atomically (a reader never sees half a record). */
    void save(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("id", id);
        p.setProperty("role", role.name().toLowerCase());
        p.setProperty("pid", Long.toString(pid));
        if (started != null) {
            p.setProperty("started", started.toString());
        }
        p.setProperty("address", address);
        if (dataDir != null) {
            p.setProperty("data.dir", dataDir.toString());
        }
        p.setProperty("log", log.toString());
        for (int i = 0; i < command.size(); i++) {
            p.setProperty("command." + i, command.get(i));
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "vkv cluster: process " + id + " (written by the launcher; do not edit while it runs)");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads a record written by {@link #save}; a damaged file is a {@link ClusterException} naming it. */
    static ProcessRecord load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        try {
            List<String> command = new ArrayList<>();
            for (int i = 0; p.containsKey("command." + i); i++) {
                command.add(p.getProperty("command." + i));
            }
            String started = p.getProperty("started");
            String data = p.getProperty("data.dir");
            return new ProcessRecord(required(p, "id"), Role.valueOf(required(p, "role").toUpperCase()),
                    Long.parseLong(required(p, "pid")), started == null ? null : Instant.parse(started),
                    required(p, "address"), data == null ? null : Path.of(data), Path.of(required(p, "log")), command);
        } catch (RuntimeException e) {
            throw new ClusterException(file + " is not a process record the launcher wrote (" + e.getMessage() + "); remove it", e);
        }
    }

    private static String required(Properties p, String name) {
        String v = p.getProperty(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("no " + name);
        }
        return v;
    }
}
