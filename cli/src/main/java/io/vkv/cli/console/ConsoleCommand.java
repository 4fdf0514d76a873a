package io.vkv.cli.console;

import io.vkv.cli.CredentialOptions;
import io.vkv.cli.DurationConverter;
import io.vkv.cli.HostPortConverter;
import io.vkv.cli.PathConverter;
import io.vkv.cli.cluster.ClusterDir;
import io.vkv.cli.cluster.NodeProbe;
import io.vkv.cli.cluster.ProcessRecord;
import io.vkv.client.Credentials;
import io.vkv.client.HostPort;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vkv console}: an interactive shell on one or more nodes, with history, completion and remembered contexts. */
@Command(name = "console", description = {
        "Interactive console: get, put, del, scan, siblings, resolve, watch, use NODE, nodes, context, help.",
        "Nodes: every --node, else the nodes of the cluster in --dir, else $VKV_NODE, else 127.0.0.1:7001; the first is used."})
public final class ConsoleCommand implements Callable<Integer> {

    @Option(names = "--node", paramLabel = "HOST:PORT", converter = HostPortConverter.class,
            description = "A node to talk to (repeatable).")
    List<HostPort> nodes = new ArrayList<>();

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "${env:VKV_CLUSTER_DIR:-.vkv}", converter = PathConverter.Directory.class,
            description = "A cluster directory of vkv cluster up, whose nodes to know (default: $VKV_CLUSTER_DIR, else .vkv).")
    Path dir;

    @Option(names = "--history", paramLabel = "FILE", defaultValue = "${sys:user.home}/.vkv_history",
            converter = PathConverter.FileToWrite.class,
            description = "Where the command history persists (default ~/.vkv_history).")
    Path history;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.Positive.class, defaultValue = "5s",
            description = "Deadline of each call (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Mixin
    CredentialOptions credentials;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        KnownNodes known = new KnownNodes();
        nodes.forEach(n -> known.add(n, null));
        if (nodes.isEmpty()) {
            for (ProcessRecord r : new ClusterDir(dir).records()) {
                if (r.role() == ProcessRecord.Role.NODE) {
                    known.add(HostPort.parse(r.address()), r.id());
                }
            }
        }
        if (known.addresses().isEmpty()) {
            known.add(HostPort.parse(System.getenv().getOrDefault("VKV_NODE", "127.0.0.1:7001")), null);
        }
        open(known, history, timeout, credentials.resolve(dir, spec.commandLine()));
        return 0;
    }

    /**
     * Runs the console on the system terminal (a dumb one when stdin is not a terminal) until the user leaves, starting
     * on the first known node that answers (the first one when none does).
     */
    static void open(KnownNodes known, Path history, Duration timeout, Credentials credentials) throws IOException {
        List<HostPort> addresses = known.addresses();
        HostPort first = addresses.stream().filter(a -> NodeProbe.info(a, Duration.ofSeconds(1), credentials).isPresent()).findFirst()
                .orElse(addresses.get(0));
        try (Terminal terminal = TerminalBuilder.builder().name("vkv").system(true).dumb(true).build();
             ConsoleSession session = new ConsoleSession(known, first, timeout, credentials)) {
            TerminalOutput output = new TerminalOutput(terminal);
            ConsoleLoop.run(terminal, output, new CommandDispatcher(session, output), history);
        }
    }
}
