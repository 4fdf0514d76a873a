package io.vkv.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * A failure that is vkv's fault, not the user's: its stack trace goes to a log file and the user gets one plain line
 * saying so and where that file is. The file is {@code ~/.vkv_errors.log}, or the system property {@code vkv.errorLog}.
 */
public final class InternalErrors {

    private InternalErrors() {
    }

    /** The log internal errors are appended to. */
    public static Path log() {
        String configured = System.getProperty("vkv.errorLog");
        return configured != null ? Path.of(configured) : Path.of(System.getProperty("user.home"), ".vkv_errors.log");
    }

    /** Logs {@code e}, which happened while doing {@code what}, and returns the line to show the user. */
    public static String report(Throwable e, String what) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        Path log = log();
        try {
            Files.writeString(log, "--- " + Instant.now() + " " + what + "\n" + trace, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return "internal error in vkv (a bug, not your input) while running " + what + "; the details are in " + log;
        } catch (IOException | RuntimeException logFailed) {
            return "internal error in vkv (a bug, not your input) while running " + what + "; could not write the details to "
                    + log + " (" + logFailed.getMessage() + ")";
        }
    }
}
