package io.vkv.cli;

import io.vkv.client.VkvException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Prints a command's failure (exit status 1) as one line: vkv's own failures and node errors say what happened and
 * what to do; anything else is a bug, logged by {@link InternalErrors} and reported as such.
 */
final class FailureHandler implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
        cmd.getErr().println(describe(e, cmd));
        cmd.getErr().flush();
        return 1;
    }

    static String describe(Exception e, CommandLine cmd) {
        if (e instanceof VkvException v) {
            return cmd.getCommand() instanceof ClientCommand c ? NodeErrors.describe(v, c.connection.node) : v.getMessage();
        }
        if (e instanceof UncheckedIOException u) {
            return describe(u.getCause(), cmd);
        }
        if (e instanceof IOException io) {
            return describe(io);
        }
        if (e instanceof InterruptedException) {
            return "interrupted";
        }
        return InternalErrors.report(e, cmd.getCommandSpec().qualifiedName());
    }

    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException f) {
            return "no such file or directory: " + f.getFile();
        }
        if (e instanceof AccessDeniedException f) {
            return "permission denied: " + f.getFile();
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getFile() + ": " + f.getReason();
        }
        return "I/O error: " + e.getMessage();
    }
}
