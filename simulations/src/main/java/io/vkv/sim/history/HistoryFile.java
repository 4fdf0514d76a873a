package io.vkv.sim.history;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The history file: one operation per line, tab-separated, in the order operations completed, after a header
 * naming the columns. Operations are appended as they complete, so a run that dies still leaves its record.
 */
public final class HistoryFile implements AutoCloseable {

    public static final String HEADER =
            "# vkv history v2\tid\tclient\tnode\ttype\tkey\tvalue\tcontext\tstart_ms\tend_ms\toutcome\tdot\tsiblings\terror\tversion";
    /** The header of files written before version numbers, read still (their writes have version 0). */
    static final String HEADER_V1 = "# vkv history v1\tid\tclient\tnode\ttype\tkey\tvalue\tcontext\tstart_ms\tend_ms\toutcome\tdot\tsiblings\terror";
    private static final int COLUMNS = 14;

    private final BufferedWriter out;

    private HistoryFile(BufferedWriter out) {
        this.out = out;
    }

    /** Creates {@code file} (replacing it) and writes the header. */
    public static HistoryFile create(Path file) throws IOException {
        BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        w.write(HEADER);
        w.newLine();
        return new HistoryFile(w);
    }

    /** Appends {@code op}; thread-safe. */
    public synchronized void append(Op op) throws IOException {
        out.write(format(op));
        out.newLine();
    }

    public synchronized void flush() throws IOException {
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }

    /** The line for {@code op} (without the line break). */
    public static String format(Op op) {
        return String.join("\t", Long.toString(op.id()), Integer.toString(op.client()), op.node(), op.type().name().toLowerCase(),
                op.key(), op.value() == null ? "-" : op.value(), op.context().toString(), Long.toString(op.startMillis()),
                Long.toString(op.endMillis()), op.outcome().name().toLowerCase(), op.dot() == null ? "-" : op.dot().toString(),
                Integer.toString(op.siblings()), op.error() == null ? "-" : op.error().replaceAll("\\s+", " "), Long.toString(op.version()));
    }

    /** Parses one line written by {@link #format}. */
    public static Op parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != COLUMNS && f.length != COLUMNS - 1) {
            throw new IllegalArgumentException("expected " + COLUMNS + " tab-separated columns, found " + f.length);
        }
        try {
            return new Op(Long.parseLong(f[0]), Integer.parseInt(f[1]), f[2], OpType.valueOf(f[3].toUpperCase()), f[4],
                    f[5].equals("-") ? null : f[5], Vv.parse(f[6]), Long.parseLong(f[7]), Long.parseLong(f[8]),
                    Outcome.valueOf(f[9].toUpperCase()), f[10].equals("-") ? null : Dot.parse(f[10]), Integer.parseInt(f[11]),
                    f[12].equals("-") ? null : f[12], f.length == COLUMNS ? Long.parseLong(f[13]) : 0);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: " + e.getMessage());
        }
    }

    /** Every operation of {@code file}; a damaged line is an error naming the file and line. */
    public static List<Op> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !(lines.get(0).equals(HEADER) || lines.get(0).equals(HEADER_V1))) {
            throw new IOException(file + " is not a vkv history: its first line is not the header");
        }
        List<Op> ops = new ArrayList<>(lines.size());
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isEmpty()) {
                continue;
            }
            try {
                ops.add(parse(lines.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return ops;
    }
}
