package io.vkv.cli.cluster;

import io.vkv.cli.NumberConverter;
import io.vkv.node.security.Role;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code vkv cluster up}: starts a broker and N nodes in the background and returns once all serve. */
@Command(name = "up", description = "Start a broker and N nodes (n1..nN on ports P..P+N-1) as background processes, each with"
        + " its data and log under DIR; return once every node serves. Refuses when a port is taken or a cluster already runs in DIR.")
public final class ClusterUpCommand implements Callable<Integer> {

    @Mixin
    ClusterDirOption dir;

    @Spec
    CommandSpec spec;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "3", converter = NumberConverter.Nodes.class, description = "How many nodes, 1..99 (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--replicas", paramLabel = "R", defaultValue = "3", converter = NumberConverter.Replicas.class,
            description = "How many nodes replicate each partition, 1..64 (default ${DEFAULT-VALUE}; at least --nodes: every node holds every key).")
    int replicas;

    @Option(names = "--base-port", paramLabel = "P", defaultValue = "7001", converter = NumberConverter.Port.class, description = "Port of n1; n2 gets P+1, ... (default ${DEFAULT-VALUE}).")
    int basePort;

    @Option(names = "--broker", paramLabel = "BROKER", defaultValue = "auto", converter = BrokerChoice.Converter.class,
            description = "auto (default: mosquitto when installed, else embedded), embedded (Moquette as its own process),"
                    + " mosquitto (/usr/sbin/mosquitto) or tcp://HOST:PORT (an existing broker, neither started nor stopped here).")
    BrokerChoice broker;

    @Option(names = "--secure", description = {"TLS on every link (clients, nodes, broker), client certificates and bearer tokens"
            + " required: creates a CA, certificates and a token per role (read, write, admin) in DIR/secure, which every other"
            + " vkv command pointed at DIR uses. A directory made secure stays secure."})
    boolean secure;

    @Override
    public Integer call() throws Exception {
        checkPorts(spec, nodes, basePort);
        LocalCluster cluster = dir.cluster();
        PrintWriter out = spec.commandLine().getOut();
        List<ProcessRecord> records = cluster.up(nodes, replicas, basePort, broker, secure);
        printRecords(out, records, broker);
        String where = cluster.dir().display();
        String dirFlag = where.equals(".vkv") ? "" : " --dir " + where;
        SecureFiles files = cluster.dir().secure();
        if (files.exist()) {
            out.println("secure: TLS with CA " + ClusterDir.display(files.ca()) + "; client certificate and tokens (admin, write, read) in "
                    + ClusterDir.display(files.ca().getParent()) + "; vkv commands given" + (dirFlag.isEmpty() ? " no --dir" : dirFlag)
                    + " use the admin token, --token-file " + ClusterDir.display(files.tokenFile(Role.READ)) + " reads only");
        }
        out.println(nodes + (nodes == 1 ? " node" : " nodes") + " up in " + where + ". Next: bin/vkv console" + dirFlag
                + " | bin/vkv cluster status" + dirFlag + " | bin/vkv cluster down" + dirFlag);
        out.flush();
        return 0;
    }

    /** Refuses, as a usage error, a base port that leaves no room for every node's port. */
    public static void checkPorts(CommandSpec spec, int nodes, int basePort) {
        if (basePort + nodes - 1 > 65535) {
            throw new ParameterException(spec.commandLine(), "--base-port " + basePort + " leaves no room for " + nodes
                    + " nodes; allowed with --nodes " + nodes + ": 1.." + (65536 - nodes));
        }
    }

    /** One line per process: id, address, pid and data directory, in aligned columns. */
    public static void printRecords(PrintWriter out, List<ProcessRecord> records, BrokerChoice broker) {
        if (!broker.launched()) {
            out.printf("%-7s %-22s %s%n", "broker", broker.url(), "(external: not started here)");
        }
        for (ProcessRecord r : records) {
            String kind = r.role() == ProcessRecord.Role.BROKER ? "  (" + broker.kind() + ")" : "";
            out.printf("%-7s %-22s pid %-8d data %s%s%n", r.id(), r.address(), r.pid(), ClusterDir.display(r.dataDir()), kind);
        }
    }
}
