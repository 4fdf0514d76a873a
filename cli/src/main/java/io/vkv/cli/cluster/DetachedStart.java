package io.vkv.cli.cluster;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts a process that outlives the launcher: in a session of its own (so Ctrl-C in the launcher's terminal,
 * e.g. in the console of {@code vkv demo}, does not reach it), stdin from /dev/null, output appended to a log.
 */
final class DetachedStart {

    /** setsid(1) from util-linux; without it processes still outlive the launcher but share its terminal's signals. */
    private static final List<Path> SETSID = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));

    private DetachedStart() {
    }

    static ProcessHandle start(List<String> command, Map<String, String> env, Path workDir, Path log) throws IOException {
        List<String> full = new ArrayList<>();
        // A child of the JVM is never a process group leader, so setsid execs in place: the pid stays the program's.
        SETSID.stream().filter(Files::isExecutable).findFirst().ifPresent(p -> full.add(p.toString()));
        full.addAll(command);
        Files.createDirectories(workDir);
        ProcessBuilder pb = new ProcessBuilder(full).directory(workDir.toFile())
                .redirectInput(Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        return pb.start().toHandle();
    }
}
