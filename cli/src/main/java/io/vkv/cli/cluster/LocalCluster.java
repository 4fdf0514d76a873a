package io.vkv.cli.cluster;

import io.vkv.cli.cluster.ProcessRecord.Role;
import io.grpc.StatusRuntimeException;
import io.vkv.client.Credentials;
import io.vkv.client.HostPort;
import io.vkv.node.ring.TokenRing;
import io.vkv.node.version.Actor;
import io.vkv.proto.v1.InfoResponse;
import io.vkv.proto.v1.Member;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A cluster of vkv processes on this machine, described by its {@link ClusterDir}: brings it up, stops, kills and
 * starts single processes, and takes it down. Every operation reads the directory afresh, so it works from any
 * later invocation of the launcher.
 */
public final class LocalCluster {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration LEAVE_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final String HOST = "127.0.0.1";

    private final ClusterDir dir;

    public LocalCluster(ClusterDir dir) {
        this.dir = dir;
    }

    public ClusterDir dir() {
        return dir;
    }

    /** What the launcher presents to the nodes: the admin credentials of a secure cluster, else nothing. */
    public Credentials credentials() {
        SecureFiles secure = dir.secure();
        return secure.exist() ? secure.admin() : Credentials.plaintext();
    }

    /**
     * Starts the broker (unless {@code broker} is external) and nodes n1..nN on ports basePort.., waits until every
     * node serves and sees every other; returns the records, the broker's first.
     * Refuses when a process of the directory still runs or a port is taken; on a failure stops what it started.
     */
    public List<ProcessRecord> up(int nodes, int replicas, int basePort, BrokerChoice broker) throws IOException, InterruptedException {
        return up(nodes, replicas, basePort, broker, false, (id, url) -> url);
    }

    /**
     * {@link #up(int, int, int, BrokerChoice)}, secure when {@code secure} or when the directory already holds a secure
     * cluster's material ({@link SecureFiles}): TLS on every link, client certificates and tokens required.
     */
    public List<ProcessRecord> up(int nodes, int replicas, int basePort, BrokerChoice broker, boolean secure)
            throws IOException, InterruptedException {
        return up(nodes, replicas, basePort, broker, secure, (id, url) -> url);
    }

    /** The broker URL node {@code id} is started with, given the broker's own: a simulation puts a proxy between them. */
    @FunctionalInterface
    public interface BrokerRoute {
        String urlFor(String id, String brokerUrl) throws IOException;
    }

    /**
     * {@link #up(int, int, int, BrokerChoice)} with each node reaching the broker at the URL {@code route} gives it. Each
     * partition has {@code replicas} replicas; the nodes take the ring's original layout (n1 at 2^64 − 1, each next
     * one 2^64/n lower).
     */
    public List<ProcessRecord> up(int nodes, int replicas, int basePort, BrokerChoice broker, boolean secure, BrokerRoute route)
            throws IOException, InterruptedException {
        if (nodes < 1 || nodes > 99) {
            throw new ClusterException("--nodes must be 1..99, got " + nodes);
        }
        if (replicas < 1 || replicas > 64) {
            throw new ClusterException("--replicas must be 1..64, got " + replicas);
        }
        if (basePort < 1 || basePort + nodes - 1 > 65535) {
            throw new ClusterException("--base-port must leave room for " + nodes + " ports below 65536, got " + basePort);
        }
        refuseIfRunning();
        for (int i = 0; i < nodes; i++) {
            if (!Ports.free(basePort + i)) {
                throw new ClusterException("port " + (basePort + i) + " (for n" + (i + 1) + ") is in use: pick another --base-port"
                        + " or stop what listens there");
            }
        }
        if (broker.equals(BrokerChoice.MOSQUITTO) && !Files.isExecutable(MosquittoConfig.BINARY)) {
            throw new ClusterException("mosquitto is not installed (" + MosquittoConfig.BINARY + "): apt-get install mosquitto,"
                    + " or use --broker embedded");
        }
        if (!broker.launched()) {
            HostPort b = HostPort.parse(broker.url().substring(broker.url().indexOf("://") + 3));
            if (!Ports.listening(b.host(), b.port())) {
                throw new ClusterException("nothing listens at " + broker.url() + ": start that broker first, or use --broker embedded");
            }
        }
        SecureFiles secureFiles = dir.secure();
        if (secure) {
            secureFiles.create();
        }
        boolean tls = secureFiles.exist();
        if (tls && !broker.launched() && !broker.url().startsWith("ssl://")) {
            throw new ClusterException("a secure cluster talks to its broker over TLS: give --broker ssl://HOST:PORT, embedded or mosquitto");
        }
        VkvJar jar = VkvJar.locate();
        dir.clearRecords();
        String secret = dir.secret();
        List<ProcessRecord> started = new ArrayList<>();
        try {
            String url = broker.url();
            if (broker.launched()) {
                ProcessRecord b = launch(brokerRecord(broker, Ports.anyFree(), jar, tls), secret);
                started.add(b);
                awaitReady(b);
                url = (tls ? "ssl://" : "tcp://") + b.address();
            }
            dir.saveBroker(broker, url);
            List<String> ids = IntStream.rangeClosed(1, nodes).mapToObj(i -> "n" + i).toList();
            Map<String, Long> tokens = TokenRing.initialTokens(ids);
            for (int i = 1; i <= nodes; i++) {
                String id = ids.get(i - 1);
                String address = HOST + ":" + (basePort + i - 1);
                Path data = dir.nodeData(id);
                List<String> args = new ArrayList<>(List.of("node", "--id", id, "--port", String.valueOf(basePort + i - 1),
                        "--data", data.toString(), "--broker-url", route.urlFor(id, url),
                        "--ring-replicas", String.valueOf(replicas), "--ring-token", Long.toUnsignedString(tokens.get(id)),
                        "--metrics-port", "0"));
                if (tls) {
                    args.addAll(secureFiles.nodeFlags(id));
                }
                List<String> command = jar.command(args);
                started.add(launch(new ProcessRecord(id, Role.NODE, 0, null, address, data, dir.log(id), command), secret));
            }
            for (ProcessRecord r : started) {
                awaitReady(r);
            }
            List<ProcessRecord> nodeRecords = started.stream().filter(r -> r.role() == Role.NODE).toList();
            for (ProcessRecord r : nodeRecords) {
                awaitMembers(r, Set.copyOf(ids));
            }
            return started;
        } catch (IOException | InterruptedException | RuntimeException e) {
            started.forEach(r -> r.liveProcess().ifPresent(ProcessHandle::destroyForcibly));
            throw e;
        }
    }

    /**
     * Starts a new node {@code id} into the running cluster, on the port after the highest one in use, with no token: it
     * takes the middle of the widest arc, pulls its partitions, and serves them. Returns once it serves.
     */
    public ProcessRecord join(String id) throws IOException, InterruptedException {
        return join(id, (node, url) -> url);
    }

    /** {@link #join(String)} with the node reaching the broker at the URL {@code route} gives it. */
    public ProcessRecord join(String id, BrokerRoute route) throws IOException, InterruptedException {
        if (!Actor.isValidNodeId(id)) {
            throw new ClusterException("'" + id + "' is not a node id: 1..64 characters of [A-Za-z0-9_.-], starting with a letter or digit");
        }
        List<ProcessRecord> nodes = dir.records().stream().filter(r -> r.role() == Role.NODE).toList();
        if (nodes.isEmpty()) {
            throw new ClusterException("no cluster in " + dir.display() + " to join: start one with vkv cluster up");
        }
        if (nodes.stream().anyMatch(r -> r.id().equals(id))) {
            throw new ClusterException(id + " is already a node of this cluster: vkv cluster start " + id + " starts it again");
        }
        if (nodes.stream().noneMatch(ProcessRecord::isAlive)) {
            throw new ClusterException("no node of " + dir.display() + " runs: start the cluster before joining a node to it");
        }
        String url = dir.broker().map(p -> p.getProperty("broker.url", "")).orElse("");
        List<String> template = nodes.get(0).command();
        int at = template.indexOf("--ring-replicas");
        String replicas = at >= 0 && at + 1 < template.size() ? template.get(at + 1) : "3";
        int port = nodes.stream().mapToInt(ProcessRecord::port).max().orElse(7000) + 1;
        while (port <= 65535 && !Ports.free(port)) {
            port++;
        }
        Path data = dir.nodeData(id);
        List<String> args = new ArrayList<>(List.of("node", "--id", id, "--port", String.valueOf(port), "--data", data.toString(),
                "--broker-url", route.urlFor(id, url), "--ring-replicas", replicas, "--metrics-port", "0"));
        if (dir.secure().exist()) {
            args.addAll(dir.secure().nodeFlags(id));
        }
        List<String> command = VkvJar.locate().command(args);
        ProcessRecord started = launch(new ProcessRecord(id, Role.NODE, 0, null, HOST + ":" + port, data, dir.log(id), command), dir.secret());
        try {
            awaitReady(started);
            awaitServing(started);
        } catch (RuntimeException e) {
            started.liveProcess().ifPresent(ProcessHandle::destroyForcibly);
            throw e;
        }
        return started;
    }

    /**
     * Makes node {@code id} leave: it hands its partitions to the nodes that replicate them without it, then stops and
     * deletes its data; its record is forgotten. Returns how many partitions it handed off.
     */
    public int leave(String id) throws IOException, InterruptedException {
        ProcessRecord r = dir.record(id);
        if (r.role() != Role.NODE) {
            throw new ClusterException(id + " is not a node: only nodes leave the ring");
        }
        ProcessHandle h = running(id);
        int partitions;
        try {
            partitions = NodeProbe.leave(r.address(), Duration.ofSeconds(10), credentials());
        } catch (StatusRuntimeException e) {
            throw new ClusterException(id + " refused to leave: " + e.getStatus().getDescription());
        }
        if (!awaitExit(h, LEAVE_TIMEOUT)) {
            throw new ClusterException(id + " still hands off its partitions after " + LEAVE_TIMEOUT.toMinutes()
                    + " min; it goes on in the background (vkv cluster status; log: " + r.log() + ")");
        }
        dir.forget(id);
        return partitions;
    }

    /** Waits until node {@code r} has pulled its partitions and serves them (it no longer reports itself joining). */
    private void awaitServing(ProcessRecord r) throws InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (true) {
            boolean serving = NodeProbe.info(r.address(), Duration.ofSeconds(2), credentials()).map(i -> i.getMembersList().stream()
                    .anyMatch(m -> m.getId().equals(r.id()) && m.hasToken() && !m.getJoining())).orElse(false);
            if (serving) {
                return;
            }
            if (!r.isAlive()) {
                throw new ClusterException(r.id() + " exited while joining: " + LogTail.lastLine(r.log()) + " (log: " + r.log() + ")");
            }
            if (Instant.now().isAfter(deadline)) {
                throw new ClusterException(r.id() + " still pulls its partitions after " + START_TIMEOUT.toSeconds()
                        + " s; it goes on in the background (vkv cluster status; log: " + r.log() + ")");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** Starts process {@code id} again with its recorded command line and data; refuses when it runs. */
    public ProcessRecord start(String id) throws IOException, InterruptedException {
        ProcessRecord r = dir.record(id);
        Optional<ProcessHandle> live = r.liveProcess();
        if (live.isPresent()) {
            throw new ClusterException(id + " is already running (pid " + live.get().pid() + ")");
        }
        if (!Ports.free(r.port())) {
            throw new ClusterException("port " + r.port() + " of " + id + " is in use by another process: stop it first");
        }
        ProcessRecord started = launch(r, dir.secret());
        try {
            awaitReady(started);
        } catch (RuntimeException e) {
            started.liveProcess().ifPresent(ProcessHandle::destroyForcibly);
            throw e;
        }
        return started;
    }

    /** Stops process {@code id} gracefully (SIGTERM) and waits until it has exited; refuses when it does not run. */
    public void stop(String id) throws IOException, InterruptedException {
        ProcessHandle h = running(id);
        h.destroy();
        if (!awaitExit(h, STOP_TIMEOUT)) {
            throw new ClusterException(id + " did not stop within " + STOP_TIMEOUT.toSeconds() + " s: vkv cluster kill " + id);
        }
    }

    /** Kills process {@code id} at once (SIGKILL), as a crash would; refuses when it does not run. */
    public void kill(String id) throws IOException, InterruptedException {
        ProcessHandle h = running(id);
        h.destroyForcibly();
        if (!awaitExit(h, STOP_TIMEOUT)) {
            throw new ClusterException(id + " (pid " + h.pid() + ") survived SIGKILL for " + STOP_TIMEOUT.toSeconds() + " s");
        }
    }

    /** Stops {@code id} if it runs, then starts it with the same data. */
    public ProcessRecord restart(String id) throws IOException, InterruptedException {
        if (dir.record(id).isAlive()) {
            stop(id);
        }
        return start(id);
    }

    /**
     * Stops every process (nodes first, then the broker; SIGKILL for one that ignores SIGTERM for 30 s) and returns
     * the ids stopped. With {@code purge} it then deletes the whole directory: data, logs and secret.
     */
    public List<String> down(boolean purge) throws IOException, InterruptedException {
        List<ProcessRecord> records = dir.records();
        List<String> stopped = new ArrayList<>();
        for (Role role : List.of(Role.NODE, Role.BROKER)) {
            Map<String, ProcessHandle> live = new LinkedHashMap<>();
            for (ProcessRecord r : records) {
                if (r.role() == role) {
                    r.liveProcess().ifPresent(h -> live.put(r.id(), h));
                }
            }
            // SIGTERM to all at once: nodes drain in parallel rather than one grace period after another.
            live.values().forEach(ProcessHandle::destroy);
            for (Map.Entry<String, ProcessHandle> e : live.entrySet()) {
                if (!awaitExit(e.getValue(), STOP_TIMEOUT)) {
                    e.getValue().destroyForcibly();
                    awaitExit(e.getValue(), STOP_TIMEOUT);
                }
                stopped.add(e.getKey());
            }
        }
        if (purge && Files.exists(dir.root())) {
            try (Stream<Path> all = Files.walk(dir.root())) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return stopped;
    }

    private void refuseIfRunning() throws IOException {
        List<String> live = dir.records().stream().filter(ProcessRecord::isAlive).map(r -> r.id() + " pid " + r.pid()).toList();
        if (!live.isEmpty()) {
            throw new ClusterException("a cluster already runs in " + dir.display() + " (" + String.join(", ", live)
                    + "): see vkv cluster status, or stop it with vkv cluster down");
        }
    }

    private ProcessHandle running(String id) throws IOException {
        return dir.record(id).liveProcess().orElseThrow(() -> new ClusterException(id + " is not running"));
    }

    private ProcessRecord brokerRecord(BrokerChoice broker, int port, VkvJar jar, boolean tls) throws IOException {
        List<String> command;
        Optional<SecureFiles> secure = tls ? Optional.of(dir.secure()) : Optional.empty();
        if (broker.equals(BrokerChoice.MOSQUITTO)) {
            Path conf = MosquittoConfig.write(dir, port, repository(jar), secure);
            command = List.of(MosquittoConfig.BINARY.toString(), "-c", conf.toString());
        } else {
            command = jar.command(BrokerCommand.commandLine(port, dir.brokerData(), secure));
        }
        return new ProcessRecord("broker", Role.BROKER, 0, null, HOST + ":" + port, dir.brokerData(), dir.log("broker"), command);
    }

    /** The source tree {@code jar} was built in (cli/target/vkv.jar), if it is one: it holds broker-config/. */
    private static Optional<Path> repository(VkvJar jar) {
        Path target = jar.path().getParent();
        Path root = target == null || target.getParent() == null ? null : target.getParent().getParent();
        return Optional.ofNullable(root).filter(r -> Files.isDirectory(r.resolve("broker-config")));
    }

    /** Starts the process {@code template} describes (detached, appending to its log) and records its pid. */
    private ProcessRecord launch(ProcessRecord template, String secret) throws IOException {
        Files.createDirectories(dir.root());
        Files.writeString(template.log(), "--- vkv cluster: starting " + template.id() + " at " + Instant.now() + "\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        // Through the environment, not a flag: command lines are visible to every user in ps and kept in the record.
        Map<String, String> env = template.role() == Role.NODE ? Map.of("VKV_CLUSTER_SECRET", secret) : Map.of();
        ProcessHandle h = DetachedStart.start(template.command(), env, dir.root(), template.log());
        ProcessRecord r = template.restarted(h.pid(), h.info().startInstant().orElse(null));
        dir.save(r);
        return r;
    }

    /** Waits until {@code r} serves: a node answers NodeInfo as itself, the broker accepts connections. */
    private void awaitReady(ProcessRecord r) throws InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (true) {
            if (!r.isAlive()) {
                throw new ClusterException(r.id() + " exited while starting: " + LogTail.lastLine(r.log()) + " (log: " + r.log() + ")");
            }
            boolean ready = r.role() == Role.BROKER ? Ports.listening(HOST, r.port())
                    : NodeProbe.info(r.address(), Duration.ofSeconds(2), credentials()).filter(i -> i.getNodeId().equals(r.id())).isPresent();
            if (ready) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new ClusterException(r.id() + " did not serve within " + START_TIMEOUT.toSeconds() + " s (log: " + r.log() + ")");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** Waits until node {@code r} reports every one of {@code ids} as an up member. */
    private void awaitMembers(ProcessRecord r, Set<String> ids) throws InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        Set<String> seen = Set.of();
        while (true) {
            Optional<InfoResponse> info = NodeProbe.info(r.address(), Duration.ofSeconds(2), credentials());
            seen = info.map(i -> i.getMembersList().stream().filter(m -> m.getStatus().equals("up") && !m.getJoining()).map(Member::getId)
                    .collect(Collectors.toSet())).orElse(seen);
            if (seen.containsAll(ids)) {
                return;
            }
            if (!r.isAlive()) {
                throw new ClusterException(r.id() + " exited while joining: " + LogTail.lastLine(r.log()) + " (log: " + r.log() + ")");
            }
            if (Instant.now().isAfter(deadline)) {
                throw new ClusterException(r.id() + " sees only " + seen.stream().sorted().toList() + " of " + ids.stream().sorted().toList()
                        + " after " + START_TIMEOUT.toSeconds() + " s: is the broker reachable? (log: " + r.log() + ")");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private static boolean awaitExit(ProcessHandle h, Duration timeout) throws InterruptedException {
        try {
            h.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return !h.isAlive();
        }
    }
}
