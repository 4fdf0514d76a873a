package io.vkv.cli.cluster;

import io.vkv.cli.NumberConverter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vkv cluster ...}: a cluster of local processes (broker and nodes) kept in a directory. */
@Command(name = "cluster", description = "Run a cluster on this machine: a broker and N nodes as background processes.",
        subcommands = {ClusterUpCommand.class, ClusterStatusCommand.class, ClusterCommand.Stop.class, ClusterCommand.Kill.class,
            ClusterCommand.Start.class, ClusterCommand.Restart.class, ClusterCommand.Join.class, ClusterCommand.Leave.class, ClusterCommand.Logs.class, ClusterCommand.Down.class})
public final class ClusterCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a cluster command is required: up, status, stop, kill, start, restart, join, leave, logs or down");
    }

    /** A command on one process of the cluster, named by its id (n1, n2, ..., broker). */
    abstract static class OnProcess implements Callable<Integer> {
        @Mixin
        ClusterDirOption dir;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ID", description = "n1, n2, ... or broker")
        String id;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        void say(String line) {
            out().println(line);
            out().flush();
        }
    }

    /** {@code cluster stop ID}. */
    @Command(name = "stop", description = "Stop a process gracefully (SIGTERM) and wait until it has exited.")
    static final class Stop extends OnProcess {
        @Override
        public Integer call() throws Exception {
            dir.cluster().stop(id);
            say(id + " stopped");
            return 0;
        }
    }

    /** {@code cluster kill ID}. */
    @Command(name = "kill", description = "Kill a process at once (SIGKILL), as a crash would.")
    static final class Kill extends OnProcess {
        @Override
        public Integer call() throws Exception {
            dir.cluster().kill(id);
            say(id + " killed");
            return 0;
        }
    }

    /** {@code cluster start ID}. */
    @Command(name = "start", description = "Start a stopped or killed process again, with the same data directory.")
    static final class Start extends OnProcess {
        @Override
        public Integer call() throws Exception {
            ProcessRecord r = dir.cluster().start(id);
            say(id + " started: " + r.address() + "  pid " + r.pid());
            return 0;
        }
    }

    /** {@code cluster restart ID}. */
    @Command(name = "restart", description = "Stop a process (if it runs) and start it again with the same data directory.")
    static final class Restart extends OnProcess {
        @Override
        public Integer call() throws Exception {
            ProcessRecord r = dir.cluster().restart(id);
            say(id + " restarted: " + r.address() + "  pid " + r.pid());
            return 0;
        }
    }

    /** {@code cluster join ID}. */
    @Command(name = "join", description = {"Start a new node into the running cluster: it takes the middle of the widest arc of the ring,",
            "pulls its partitions from their replicas, then serves them (the nodes it displaces hand theirs off and drop them)."})
    static final class Join extends OnProcess {
        @Override
        public Integer call() throws Exception {
            long started = System.nanoTime();
            ProcessRecord r = dir.cluster().join(id);
            say(id + " joined: " + r.address() + "  pid " + r.pid() + "  serving after " + (System.nanoTime() - started) / 1_000_000 + " ms");
            return 0;
        }
    }

    /** {@code cluster leave ID}. */
    @Command(name = "leave", description = {"Take a node off the ring: it hands its partitions to the nodes that replicate them without it,",
            "then stops and deletes its data. Refused for the last node."})
    static final class Leave extends OnProcess {
        @Override
        public Integer call() throws Exception {
            long started = System.nanoTime();
            int partitions = dir.cluster().leave(id);
            say(id + " left: handed off " + partitions + " partitions in " + (System.nanoTime() - started) / 1_000_000 + " ms; its data is deleted");
            return 0;
        }
    }

    /** {@code cluster logs ID [-n N]}. */
    @Command(name = "logs", description = "Print the end of a process's log (its output since the cluster was first started).")
    static final class Logs extends OnProcess {
        @Option(names = {"-n", "--lines"}, paramLabel = "N", defaultValue = "100", converter = NumberConverter.Lines.class, description = "How many lines (default ${DEFAULT-VALUE}).")
        int lines;

        @Override
        public Integer call() throws Exception {
            Path log = dir.cluster().dir().record(id).log();
            if (!Files.exists(log)) {
                throw new ClusterException(id + " has no log yet (" + log + ")");
            }
            List<String> tail = LogTail.lastLines(log, lines);
            tail.forEach(out()::println);
            out().flush();
            return 0;
        }
    }

    /** {@code cluster down [--purge]}. */
    @Command(name = "down", description = "Stop every process of the cluster (nodes, then the broker); --purge also deletes DIR.")
    static final class Down implements Callable<Integer> {
        @Mixin
        ClusterDirOption dir;

        @Spec
        CommandSpec spec;

        @Option(names = "--purge", description = "Also delete the directory: data, logs and the cluster secret.")
        boolean purge;

        @Override
        public Integer call() throws Exception {
            LocalCluster cluster = dir.cluster();
            List<String> stopped = cluster.down(purge);
            PrintWriter out = spec.commandLine().getOut();
            out.println((stopped.isEmpty() ? "nothing was running" : "stopped " + String.join(", ", stopped))
                    + (purge ? "; deleted " + cluster.dir().display() : "; data kept in " + cluster.dir().display()));
            out.flush();
            return 0;
        }
    }
}
