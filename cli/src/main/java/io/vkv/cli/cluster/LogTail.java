package io.vkv.cli.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The end of a process's log: what {@code cluster logs} shows and what a failed start quotes. */
final class LogTail {

    private LogTail() {
    }

    /** The last {@code n} lines of {@code log}, read in one pass holding only those; none when it does not exist. */
    static List<String> lastLines(Path log, int n) throws IOException {
        if (!Files.exists(log)) {
            return List.of();
        }
        Deque<String> tail = new ArrayDeque<>(n);
        // A process killed mid-write can leave a torn UTF-8 sequence: show it replaced, do not fail.
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(log), decoder))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (tail.size() == n) {
                    tail.removeFirst();
                }
                tail.addLast(line);
            }
        }
        return List.copyOf(tail);
    }

    /** The last non-blank line, cut to 300 characters, or a note that the log is empty or unreadable. */
    static String lastLine(Path log) {
        try {
            List<String> lines = lastLines(log, 20);
            for (int i = lines.size() - 1; i >= 0; i--) {
                String line = lines.get(i).strip();
                if (!line.isEmpty()) {
                    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
                }
            }
            return "(its log is empty)";
        } catch (IOException e) {
            return "(its log cannot be read: " + e.getMessage() + ")";
        }
    }
}
