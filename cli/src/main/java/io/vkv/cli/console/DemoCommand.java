package io.vkv.cli.console;

import io.vkv.cli.NumberConverter;
import io.vkv.cli.PathConverter;
import io.vkv.cli.cluster.BrokerChoice;
import io.vkv.cli.cluster.ClusterDirOption;
import io.vkv.cli.cluster.ClusterUpCommand;
import io.vkv.cli.cluster.LocalCluster;
import io.vkv.cli.cluster.ProcessRecord;
import io.vkv.client.HostPort;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vkv demo}: a 3-node cluster on this machine (started unless one runs) and the console on it. */
@Command(name = "demo", description = {
        "Start 3 nodes and the embedded broker in DIR (unless a cluster already runs there) and open the console on them.",
        "The cluster keeps running after you leave the console: vkv cluster down stops it."})
public final class DemoCommand implements Callable<Integer> {

    @Mixin
    ClusterDirOption dir;

    @Spec
    CommandSpec spec;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "3", converter = NumberConverter.Nodes.class, description = "How many nodes (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--replicas", paramLabel = "R", defaultValue = "3", converter = NumberConverter.Replicas.class,
            description = "How many nodes replicate each partition, 1..64 (default ${DEFAULT-VALUE}; at least --nodes: every node holds every key).")
    int replicas;

    @Option(names = "--base-port", paramLabel = "P", defaultValue = "7001", converter = NumberConverter.Port.class, description = "Port of n1 (default ${DEFAULT-VALUE}).")
    int basePort;

    @Option(names = "--history", paramLabel = "FILE", defaultValue = "${sys:user.home}/.vkv_history",
            converter = PathConverter.FileToWrite.class,
            description = "Where the console's history persists (default ~/.vkv_history).")
    Path history;

    @Option(names = "--secure", description = "Start the cluster secure, as vkv cluster up --secure does (a cluster directory made"
            + " secure stays secure).")
    boolean secure;

    @Override
    public Integer call() throws Exception {
        ClusterUpCommand.checkPorts(spec, nodes, basePort);
        LocalCluster cluster = dir.cluster();
        PrintWriter out = spec.commandLine().getOut();
        String where = cluster.dir().display();
        List<ProcessRecord> running = cluster.dir().records().stream().filter(ProcessRecord::isAlive).toList();
        if (running.isEmpty()) {
            BrokerChoice broker = BrokerChoice.preferred();
            out.println("starting " + (broker.equals(BrokerChoice.MOSQUITTO) ? "Mosquitto" : "the embedded broker") + " and " + nodes
                    + " nodes in " + where + " ...");
            out.flush();
            ClusterUpCommand.printRecords(out, cluster.up(nodes, replicas, basePort, broker, secure), broker);
        } else {
            out.println("using the cluster already running in " + where);
        }
        out.flush();
        KnownNodes known = new KnownNodes();
        for (ProcessRecord r : cluster.dir().records()) {
            if (r.role() == ProcessRecord.Role.NODE) {
                known.add(HostPort.parse(r.address()), r.id());
            }
        }
        ConsoleCommand.open(known, history, Duration.ofSeconds(5), cluster.credentials());
        String dirFlag = where.equals(".vkv") ? "" : " --dir " + where;
        out.println("The cluster is still running in " + where + ". Stop it with: bin/vkv cluster down" + dirFlag
                + " (add --purge to delete its data); see it with: bin/vkv cluster status" + dirFlag);
        out.flush();
        return 0;
    }
}
