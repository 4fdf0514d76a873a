package io.vkv.cli;

import io.vkv.cli.cluster.BrokerCommand;
import io.vkv.cli.cluster.ClusterCommand;
import io.vkv.cli.console.ConsoleCommand;
import io.vkv.cli.console.DemoCommand;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code vkv}: the command line. Exit status 0 on success (a missing key included); 2 on a usage error, with one line
 * saying what is wrong and one pointing at --help; 1 when the node or the input fails, with one line saying what happened.
 */
@Command(name = "vkv", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, versionProvider = VersionProvider.class,
        description = "An eventually consistent, always-writable key-value store.",
        subcommands = {
            GetCommand.class, PutCommand.class, DelCommand.class, HistoryCommand.class, TrimCommand.class, ScanCommand.class, DumpCommand.class, RingCommand.class, WhereCommand.class,
            LoadCommand.class, DelRangeCommand.class, DelAllCommand.class, BenchCommand.class, NodeCommand.class, TokenCommand.class, PortalCommand.class, ChatCommand.class,
            ConsoleCommand.class, DemoCommand.class, ClusterCommand.class, BrokerCommand.class, CompletionCommand.class,
            CommandLine.HelpCommand.class})
public final class Vkv implements Runnable {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(out, err, args));
    }

    /** Runs the command line with the given streams and returns the exit status (for tests and main). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Vkv());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler(new UsageErrorHandler());
        cl.setExecutionExceptionHandler(new FailureHandler());
        return cl.execute(args);
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is required");
    }
}
