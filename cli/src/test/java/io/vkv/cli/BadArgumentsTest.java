package io.vkv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vkv.client.HostPort;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;

/**
 * Walks picocli's model of {@code vkv} and gives every option of every command empty, negative, zero, huge, malformed
 * and wrong-type values, through the real command line in this JVM. A value the parser refuses must give exit 2, one
 * line naming the option and one pointing at --help; a one-shot command whose value is accepted runs against a closed
 * port and must fail in one line (exit 1). No output may show a Java exception. Commands that start long-running
 * things (a node, a cluster, the console, a bench) only ever get values the parser refuses, so nothing starts.
 */
class BadArgumentsTest {

    private static final Set<String> LONG_RUNNING = Set.of(
            "vkv node", "vkv broker", "vkv cluster up", "vkv demo", "vkv console", "vkv bench", "vkv portal",
            "vkv chat server", "vkv chat join");
    private static final List<String> JAVA_LEAKS = List.of("Exception", "java.", "at io.", "unexpected error", "internal error");
    private static final String HUGE_NUMBER = "99999999999999999999";
    private static final String HUGE_TEXT = "x".repeat(100_000);
    /** Only parses (on the test's thread): building the command tree once saves most of a case's cost. */
    private static final CommandLine PARSER = new CommandLine(new Vkv());

    @TempDir
    static Path tmp;

    private static String deadNode;
    private static Path aFile;

    @BeforeAll
    static void prepare() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadNode = "127.0.0.1:" + s.getLocalPort();
        }
        aFile = Files.writeString(tmp.resolve("load.tsv"), "a\t1\n");
    }

    @Test
    void everyOptionOfEveryCommandRefusesBadValuesInOneLine() throws Exception {
        List<Callable<String>> cases = new ArrayList<>();
        int skipped = 0;
        for (CommandLine command : commands(new CommandLine(new Vkv()))) {
            CommandSpec spec = command.getCommandSpec();
            for (OptionSpec option : spec.options()) {
                for (String value : badValues(option)) {
                    List<String> args = new ArrayList<>(words(spec));
                    args.addAll(baseArguments(spec, option));
                    args.add(option.longestName() + "=" + value);
                    boolean refused = refusedByParser(args);
                    if (!refused && (LONG_RUNNING.contains(spec.qualifiedName()) || !(spec.userObject() instanceof ClientCommand)
                            || option.usageHelp() || option.versionHelp())) {
                        skipped++; // accepted: running it would start something, do real work, or just show help
                        continue;
                    }
                    cases.add(() -> {
                        CliRun run = CliRun.of(args.toArray(String[]::new));
                        String problem = check(run, option, refused);
                        return problem == null ? null
                                : String.join(" ", args).replace(HUGE_TEXT, "<100000 x>") + ": " + problem + "\n" + run;
                    });
                }
            }
        }
        // Most cases wait on a refused connection or a deadline, not on the CPU: run them side by side.
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<String> failures = new ArrayList<>();
        try {
            for (Future<String> f : pool.invokeAll(cases)) {
                if (f.get() != null) {
                    failures.add(f.get());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.println("BadArgumentsTest: " + cases.size() + " bad-argument cases run, " + skipped + " accepted values skipped");
        int total = cases.size();
        assertEquals(List.of(), failures, () -> failures.size() + " of " + total + " cases failed:\n" + String.join("\n", failures));
    }

    /** What is wrong with how {@code run} reported a bad value of {@code option}, or null when nothing is. */
    private static String check(CliRun run, OptionSpec option, boolean refused) {
        String all = run.out() + run.err();
        for (String leak : JAVA_LEAKS) {
            if (all.contains(leak)) {
                return "shows '" + leak + "'";
            }
        }
        if (!run.out().isEmpty()) {
            return "prints on stdout";
        }
        List<String> lines = run.err().lines().toList();
        if (run.status() == 2) {
            if (lines.size() != 2 || !lines.get(1).matches("see 'vkv[a-z ]*--help'")) {
                return "a usage error is not one line and a pointer at --help";
            }
            if (option.names().length > 0 && List.of(option.names()).stream().noneMatch(n -> lines.get(0).contains(n))) {
                return "the message does not name the option";
            }
            return null;
        }
        if (refused) {
            return "exit " + run.status() + " for a value the parser refuses, not 2";
        }
        if (run.status() != 1) {
            return "exit " + run.status() + ", neither 1 nor 2";
        }
        return lines.size() == 1 ? null : "a failure is not one line";
    }

    /** Every command under {@code root}, each once (aliases map to the same command). */
    private static List<CommandLine> commands(CommandLine root) {
        Map<CommandLine, Boolean> seen = new IdentityHashMap<>();
        List<CommandLine> all = new ArrayList<>();
        collect(root, seen, all);
        return all;
    }

    private static void collect(CommandLine c, Map<CommandLine, Boolean> seen, List<CommandLine> all) {
        if (seen.put(c, true) == null) {
            all.add(c);
            c.getSubcommands().values().forEach(sub -> collect(sub, seen, all));
        }
    }

    /** The words that name {@code spec} after vkv, e.g. [cluster, up]. */
    private static List<String> words(CommandSpec spec) {
        List<String> words = new ArrayList<>(List.of(spec.qualifiedName(" ").split(" ")));
        return words.subList(1, words.size());
    }

    /** Required positionals and the options that keep a run short and local, except {@code tested} itself. */
    private static List<String> baseArguments(CommandSpec spec, OptionSpec tested) {
        List<String> args = new ArrayList<>();
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (p.arity().min() > 0) {
                String label = p.paramLabel();
                args.add(label.contains("FILE") ? aFile.toString() : label.equals("ID") ? "n1" : label.equals("SHELL") ? "bash"
                        : label.equals("admin|enrollment") ? "admin" : "k");
            }
        }
        Map<String, String> safe = Map.ofEntries(Map.entry("--node", deadNode), Map.entry("--timeout", "2s"),
                Map.entry("--dir", tmp.resolve("cluster").toString()), Map.entry("--history", tmp.resolve("history").toString()),
                Map.entry("--warmup", "0s"), Map.entry("--duration", "1s"), Map.entry("--ops", "1"), Map.entry("--role", "read"),
                Map.entry("--name", "tester"), Map.entry("--port", "1"), Map.entry("--nickname", "tester"), Map.entry("--server", deadNode));
        safe.forEach((name, value) -> {
            if (spec.findOption(name) != null && spec.findOption(name) != tested) {
                args.add(name + "=" + value);
            }
        });
        return args;
    }

    private static boolean refusedByParser(List<String> args) {
        try {
            PARSER.parseArgs(args.toArray(String[]::new)); // picocli resets every option before it parses
            return false;
        } catch (ParameterException e) {
            return true;
        }
    }

    /** Values no option should take as meant, picked by the option's type, plus some every option gets. */
    private static Set<String> badValues(OptionSpec option) {
        Set<String> values = new LinkedHashSet<>(List.of("", "-1", "0", HUGE_NUMBER, "%no such thing%", "1.5"));
        Class<?> type = option.typeInfo().isCollection() ? option.typeInfo().getAuxiliaryTypeInfos().get(0).getType() : option.type();
        if (type == boolean.class || type == Boolean.class) {
            values.addAll(List.of("maybe", "2"));
        } else if (type == Duration.class) {
            values.addAll(List.of("-5s", "0s", "0ms", "100000h", "5 parsecs", "1.5s", "5d", "ms"));
        } else if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            values.addAll(List.of("2147483648", "-2147483649", "abc", "1e3", "0x10", "12abc"));
        } else if (type == HostPort.class) {
            values.addAll(List.of("nohost", ":7001", "127.0.0.1:0", "127.0.0.1:99999", "127.0.0.1:-1", "[::1", "a:b:c", "127.0.0.1:port"));
        } else if (type == Path.class) {
            values.addAll(List.of("bad\u0000path", "/dev/null/below-a-file", tmp.toString(), aFile.toString(), "/no/such/file"));
        } else {
            values.addAll(List.of(HUGE_TEXT, "tcp://", "tcp://h:0", "http://h:1", "bad id!", "PUT", "interval:-5"));
        }
        return values;
    }
}
