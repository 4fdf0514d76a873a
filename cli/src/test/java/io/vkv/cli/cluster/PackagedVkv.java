package io.vkv.cli.cluster;

import io.vkv.cli.Vkv;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** The packaged {@code cli/target/vkv.jar} for tests that start real processes: run in-process or as {@code java -jar}. */
public final class PackagedVkv {

    static final Path ROOT = Path.of(System.getProperty("basedir", "cli")).toAbsolutePath().getParent();
    static final Path JAR = ROOT.resolve("cli/target/vkv.jar");

    /** The outcome of one command line. */
    record Run(int status, String out, String err) {
        @Override
        public String toString() {
            return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private PackagedVkv() {
    }

    /** Runs the command line in this JVM; processes it launches run the packaged jar. */
    static Run inProcess(String... args) {
        System.setProperty("vkv.jar", JAR.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Vkv.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(status, out.toString(), err.toString());
    }

    /** Runs {@code java -jar vkv.jar args} in {@code cwd} and waits for it to exit. */
    static Run process(Path cwd, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(cwd, "out", ".txt");
        Path err = Files.createTempFile(cwd, "err", ".txt");
        Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("vkv " + String.join(" ", args) + " did not finish");
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** A port P such that P..P+n-1 are free on the loopback interface now. */
    public static int freePorts(int n) throws IOException {
        while (true) {
            // Below the kernel's ephemeral range (32768 and up): outgoing connections take their local ports from it, and
            // one could take a port chosen here before the node meant to listen on it starts.
            int base = 20_000 + ThreadLocalRandom.current().nextInt(12_000 - n);
            boolean all = true;
            for (int i = 0; all && i < n; i++) {
                all = Ports.free(base + i);
            }
            if (all) {
                return base;
            }
        }
    }
}
