package io.vkv.sim.cluster;

import io.vkv.client.Credentials;
import io.vkv.cli.cluster.BrokerChoice;
import io.vkv.cli.cluster.ClusterDir;
import io.vkv.cli.cluster.LocalCluster;
import io.vkv.cli.cluster.NodeProbe;
import io.vkv.cli.cluster.ProcessRecord;
import io.grpc.StatusRuntimeException;
import io.vkv.client.HostPort;
import io.vkv.proto.v1.InfoResponse;
import io.vkv.testkit.FaultProxy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A broker and N nodes as real processes, started by the launcher ({@link LocalCluster}) in a directory of their
 * own, each node reaching the broker through its own {@link FaultProxy}; and the faults done to those processes
 * from outside: SIGKILL, SIGSTOP/SIGCONT, wiped data directories. {@link #close()} leaves no process behind,
 * a frozen broker included.
 */
public final class SimCluster implements AutoCloseable {

    /** N of the simulated clusters' ring: with 3 nodes or fewer, every node holds every key. */
    private static final int REPLICAS = 3;

    private final LocalCluster launcher;
    private final Map<String, FaultProxy> proxies = new ConcurrentHashMap<>();
    private final List<String> nodeIds = new CopyOnWriteArrayList<>();
    private final Map<String, String> addresses = new ConcurrentHashMap<>();
    private volatile boolean brokerFrozen;

    private SimCluster(LocalCluster launcher) {
        this.launcher = launcher;
    }

    /** Starts {@code broker} and nodes n1..nN in {@code dir}; on a failure stops whatever it started. */
    public static SimCluster up(Path dir, int nodes, BrokerChoice broker) throws IOException, InterruptedException {
        SimCluster c = new SimCluster(new LocalCluster(new ClusterDir(dir)));
        try {
            List<ProcessRecord> records = c.launcher.up(nodes, REPLICAS, freePorts(nodes), broker, false, c::route);
            for (ProcessRecord r : records) {
                if (r.role() == ProcessRecord.Role.NODE) {
                    c.nodeIds.add(r.id());
                    c.addresses.put(r.id(), r.address());
                }
            }
            return c;
        } catch (IOException | InterruptedException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Puts a proxy between node {@code id} and the broker at {@code brokerUrl}: the node is given the proxy's URL. */
    private String route(String id, String brokerUrl) throws IOException {
        String hostPort = brokerUrl.substring(brokerUrl.indexOf("://") + 3);
        int colon = hostPort.lastIndexOf(':');
        FaultProxy p = FaultProxy.to(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
        proxies.put(id, p);
        return p.mqttUrl();
    }

    public List<String> nodeIds() {
        return List.copyOf(nodeIds);
    }

    /** {@code host:port} of node {@code id}'s gRPC server. */
    public String address(String id) {
        return addresses.get(id);
    }

    /** The proxy between node {@code id} and the broker. */
    public FaultProxy proxy(String id) {
        FaultProxy p = proxies.get(id);
        if (p == null) {
            throw new IllegalArgumentException("no node " + id + " (nodes: " + nodeIds + ")");
        }
        return p;
    }

    public boolean isRunning(String id) throws IOException {
        return launcher.dir().record(id).isAlive();
    }

    /** SIGKILL to node or broker {@code id}; returns once it has exited. */
    public void kill(String id) throws IOException, InterruptedException {
        launcher.kill(id);
    }

    /** Starts {@code id} again with its recorded command line; returns once it serves. */
    public void start(String id) throws IOException, InterruptedException {
        launcher.start(id);
    }

    /** Starts new node {@code id} into the running ring, behind a proxy of its own; returns once it serves its partitions. */
    public void join(String id) throws IOException, InterruptedException {
        ProcessRecord r = launcher.join(id, this::route);
        addresses.put(id, r.address());
        nodeIds.add(id);
    }

    /** Makes node {@code id} leave the ring; returns once it handed off its partitions, stopped and deleted its data. */
    public int leave(String id) throws IOException, InterruptedException {
        int partitions = launcher.leave(id);
        nodeIds.remove(id);
        return partitions;
    }

    /**
     * Waits until every node of the cluster sees exactly its nodes as members of the ring, none joining or leaving;
     * returns how long that took, in milliseconds. Throws when they do not within {@code timeout}.
     */
    public long awaitSettledRing(Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        Set<String> expected = Set.copyOf(nodeIds);
        Map<String, String> views = new TreeMap<>();
        while (true) {
            views.clear();
            for (String n : nodeIds) {
                ringView(n, expected).ifPresent(view -> views.put(n, view));
            }
            if (views.isEmpty()) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the ring " + new TreeSet<>(expected) + " was not seen settled within "
                        + timeout.toSeconds() + " s; last seen: " + views);
            }
            Thread.sleep(100);
        }
    }

    /** Empty when {@code node} sees exactly {@code members}, each with a token, none joining or leaving; else what it sees. */
    private Optional<String> ringView(String node, Set<String> members) {
        InfoResponse info;
        try {
            info = NodeProbe.ask(HostPort.parse(addresses.get(node)), Duration.ofSeconds(2), Credentials.plaintext());
        } catch (StatusRuntimeException e) {
            return Optional.of("no answer (" + e.getStatus().getCode() + ")");
        }
        Set<String> settled = info.getMembersList().stream().filter(m -> m.hasToken() && !m.getJoining() && !m.getLeaving())
                .map(m -> m.getId()).collect(Collectors.toSet());
        if (settled.equals(members) && info.getMembersCount() == members.size()) {
            return Optional.empty();
        }
        return Optional.of(info.getMembersList().stream()
                .map(m -> m.getId() + (m.hasToken() ? "" : "(no token)") + (m.getJoining() ? "(joining)" : "")
                        + (m.getLeaving() ? "(leaving)" : ""))
                .collect(Collectors.joining(" ", "members ", "")));
    }

    /** Deletes the data directory of stopped process {@code id} (a node's store, or the broker's persistence). */
    public void wipe(String id) throws IOException {
        ProcessRecord r = launcher.dir().record(id);
        if (r.isAlive()) {
            throw new IllegalStateException(id + " still runs: kill it before wiping its data");
        }
        deleteTree(r.dataDir());
        Files.createDirectories(r.dataDir());
    }

    /** SIGSTOP to the broker: it keeps its connections but answers nothing. */
    public void freezeBroker() throws IOException, InterruptedException {
        signal("STOP", brokerPid());
        brokerFrozen = true;
    }

    /** SIGCONT to the broker. */
    public void thawBroker() throws IOException, InterruptedException {
        signal("CONT", brokerPid());
        brokerFrozen = false;
    }

    public boolean brokerFrozen() {
        return brokerFrozen;
    }

    private long brokerPid() throws IOException {
        return launcher.dir().record("broker").pid();
    }

    private static void signal(String name, long pid) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).redirectErrorStream(true).start();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("kill -" + name + " " + pid + " failed: " + new String(p.getInputStream().readAllBytes()).trim());
        }
    }

    /** Copies the log of every process that ran in cluster directory {@code dir} into {@code target}. */
    public static void copyLogs(Path dir, Path target) throws IOException {
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path log : files.filter(f -> f.getFileName().toString().endsWith(".log")).toList()) {
                Files.copy(log, target.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Kills every process at once (a frozen broker is thawed first so that it can die) and closes the proxies. */
    @Override
    public void close() throws IOException {
        List<ProcessRecord> records = launcher.dir().records();
        if (brokerFrozen) {
            records.stream().filter(r -> r.role() == ProcessRecord.Role.BROKER).forEach(r -> {
                try {
                    signal("CONT", r.pid());
                } catch (IOException | InterruptedException e) {
                    // it is killed below regardless: SIGKILL reaches a stopped process too
                }
            });
        }
        List<ProcessHandle> live = records.stream().flatMap(r -> r.liveProcess().stream()).toList();
        live.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : live) {
            h.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(t -> h).join();
        }
        proxies.values().forEach(FaultProxy::close);
    }

    /** A port P such that P..P+n-1 are free on loopback now. */
    static int freePorts(int n) throws IOException {
        while (true) {
            // Below the kernel's ephemeral range (32768 and up): outgoing connections take their local ports from it, and
            // one could take a port chosen here before the node meant to listen on it starts.
            int base = 20_000 + ThreadLocalRandom.current().nextInt(12_000 - n);
            boolean all = true;
            for (int i = 0; all && i < n; i++) {
                all = free(base + i);
            }
            if (all) {
                return base;
            }
        }
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Deletes {@code dir} and everything in it (nothing when absent). */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
