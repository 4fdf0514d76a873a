package io.vkv.cli.console;

import io.vkv.cli.ValueText;
import io.vkv.client.KeyHistory;
import io.vkv.client.Sibling;
import io.vkv.client.Versions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The console's view of a key's history: its versions, a read as of one of them, and trimming. */
final class HistoryCommands {

    private final ConsoleSession session;
    private final ConsoleOutput out;

    HistoryCommands(ConsoleSession session, ConsoleOutput out) {
        this.session = session;
        this.out = out;
    }

    void history(String key) {
        KeyHistory h = session.client().history(key);
        if (h.versions().isEmpty()) {
            out.note("(no versions of " + key + (h.floor() > 0 ? ": trimmed or erased" : ": never written") + ")");
            return;
        }
        for (Sibling s : h.versions()) {
            out.line(s.version() + "  " + text(s) + "  at " + Instant.ofEpochMilli(s.hlcMillis()) + (s.clock().isEmpty() ? "" : "  (live)"));
        }
        out.note("get " + key + " --at VERSION reads one of them; trim " + key + " keeps only the latest");
    }

    /** {@code get KEY --at VERSION}: the arguments after KEY. */
    void getAt(String key, List<String> option) {
        if (option.size() != 2 || !option.get(0).equals("--at")) {
            throw new IllegalArgumentException("usage: get KEY [--at VERSION]");
        }
        long version = parseVersion(option.get(1));
        Versions v = session.client().getAt(key, version);
        if (v.siblings().isEmpty()) {
            out.note("(no version of " + key + " at or before " + version + ")");
        } else {
            Sibling s = v.siblings().get(0);
            out.value(text(s));
            out.note("version " + s.version() + ", in force at " + version);
        }
    }

    void trim(String key) {
        Optional<Sibling> kept = session.client().trim(key);
        out.note(kept.map(s -> "kept only version " + s.version() + " of " + key + ": " + text(s)).orElse("(not found)"));
    }

    private static long parseVersion(String text) {
        try {
            long v = Long.parseLong(text);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("'" + text + "' is not a version number: 1..2^63-1, as history prints them");
    }

    private static String text(Sibling s) {
        return s.deleted() ? "(deleted)" : ValueText.of(s.value()).text();
    }
}
