package io.vkv.node.testing;

import static org.awaitility.Awaitility.await;

import io.vkv.broker.EmbeddedBroker;
import io.vkv.node.ring.TokenRing;
import io.vkv.placement.KeyPartitioner;
import io.vkv.proto.v1.AdminGrpc;
import io.vkv.proto.v1.InfoRequest;
import io.vkv.proto.v1.InfoResponse;
import io.vkv.proto.v1.LeaveRequest;
import io.vkv.proto.v1.LeaveResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A partitioned cluster of whole nodes n1..nM at N replicas through an embedded broker, placed as the launcher
 * places a new cluster; {@link #start} returns once every node sees the ring it should.
 */
public final class RingCluster implements AutoCloseable {

    /** The cluster's name and secret (a test may sign records as its members do). */
    public static final String CLUSTER = "ring";
    public static final String SECRET = "ring-test-secret-0123456789";

    private static final Duration WAIT = Duration.ofSeconds(60);

    private EmbeddedBroker broker;
    private final List<RunningNode> nodes;
    private final TokenRing ring;
    private final Path dir;
    private final Map<String, Map<String, String>> settings = new HashMap<>();
    private final Set<String> stopped = new HashSet<>();

    private RingCluster(EmbeddedBroker broker, List<RunningNode> nodes, TokenRing ring, Path dir) {
        this.broker = broker;
        this.nodes = nodes;
        this.ring = ring;
        this.dir = dir;
    }

    /** Starts {@code m} nodes with data under {@code dir}, each partition (of 64) on {@code n} of them. */
    public static RingCluster start(Path dir, int m, int n) throws IOException {
        return start(dir, m, n, Map.of());
    }

    /** As {@link #start(Path, int, int)}, every node also configured with {@code extra} (config keys to values). */
    public static RingCluster start(Path dir, int m, int n, Map<String, String> extra) throws IOException {
        EmbeddedBroker broker = EmbeddedBroker.start(0, null);
        List<String> ids = IntStream.rangeClosed(1, m).mapToObj(i -> "n" + i).toList();
        Map<String, Long> tokens = TokenRing.initialTokens(ids);
        TokenRing ring = new TokenRing(new KeyPartitioner(KeyPartitioner.DEFAULT_PARTITIONS), n, tokens);
        List<RunningNode> nodes = new ArrayList<>();
        RingCluster cluster = new RingCluster(broker, nodes, ring, dir);
        try {
            for (String id : ids) {
                Map<String, String> s = new HashMap<>(extra);
                s.putAll(Map.of("cluster.name", CLUSTER, "cluster.secret", SECRET, "broker.url", broker.url(),
                        "fsync", "never", "ring.replicas", String.valueOf(n), "ring.token", Long.toUnsignedString(tokens.get(id))));
                cluster.settings.put(id, s);
                nodes.add(RunningNode.start(dir.resolve(id), id, s));
            }
            await().atMost(WAIT).until(() -> nodes.stream().allMatch(node -> ringOf(info(node)).equals(ringOf(ring))));
            return cluster;
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** The nodes, n1 first. */
    public List<RunningNode> nodes() {
        return nodes;
    }

    /** The ring every node computes. */
    public TokenRing ring() {
        return ring;
    }

    /** Node {@code i} (from 1). */
    public RunningNode node(int i) {
        return nodes.get(i - 1);
    }

    /** Node {@code id}. */
    public RunningNode node(String id) {
        return nodes.get(index(id));
    }

    /** Stops node {@code id} as an operator would (the others see it go down). */
    public void stop(String id) {
        nodes.get(index(id)).close();
        stopped.add(id);
        await().atMost(WAIT).until(() -> running().stream()
                .allMatch(n -> info(n).getMembersList().stream().noneMatch(m -> m.getId().equals(id) && m.getStatus().equals("up"))));
    }

    /** Starts node {@code id} again on its data directory, once the others see it up. */
    public RunningNode restart(String id) throws IOException {
        return restart(id, 0);
    }

    /** Stops node {@code id} and starts it again on the same port (clients of it keep their address). */
    public RunningNode restartOnSamePort(String id) throws IOException {
        int port = node(id).node.port();
        stop(id);
        return restart(id, port);
    }

    private RunningNode restart(String id, int port) throws IOException {
        Map<String, String> s = new HashMap<>(settings.get(id));
        s.put("node.port", String.valueOf(port));
        RunningNode started = RunningNode.start(dir.resolve(id), id, s);
        nodes.set(index(id), started);
        stopped.remove(id);
        await().atMost(WAIT).until(() -> running().stream().allMatch(n -> info(n).getMembersList().stream()
                .anyMatch(m -> m.getId().equals(id) && m.getStatus().equals("up"))));
        return started;
    }

    /**
     * Starts a new node {@code id} (the next after the last) with no token: it takes the middle of the widest arc and
     * joins. Returns once every running node sees it serving.
     */
    public RunningNode join(String id) throws IOException {
        Map<String, String> s = new HashMap<>(settings.get(nodes.get(0).node.config().nodeId()));
        s.remove("ring.token");
        settings.put(id, s);
        RunningNode joined = RunningNode.start(dir.resolve(id), id, s);
        nodes.add(joined);
        await().atMost(WAIT).until(() -> running().stream().allMatch(n -> info(n).getRingList().stream()
                .anyMatch(r -> r.getNodesList().contains(id))));
        return joined;
    }

    /**
     * Makes node {@code id} leave through the Admin service; returns once it has stopped, its data directory is gone,
     * and every other node's ring is without it.
     */
    public LeaveResponse leave(String id) {
        RunningNode leaving = node(id);
        LeaveResponse r = AdminGrpc.newBlockingStub(leaving.channel).leave(LeaveRequest.getDefaultInstance());
        await().atMost(WAIT).until(() -> !Files.exists(dir.resolve(id)));
        stopped.add(id);
        leaving.close();
        await().atMost(WAIT).until(() -> running().stream().allMatch(n -> info(n).getMembersList().stream().noneMatch(m -> m.getId().equals(id))
                && info(n).getRingList().stream().noneMatch(p -> p.getNodesList().contains(id))));
        return r;
    }

    /** Where the cluster's broker listens. */
    public String brokerUrl() {
        return broker.url();
    }

    /**
     * Stops the broker and returns once every running node has noticed (Moquette may still carry messages while it
     * stops): nodes keep serving and keep seeing their peers as they last heard of them.
     */
    public void stopBroker() {
        broker.close();
        await().atMost(WAIT).until(() -> running().stream().noneMatch(n -> info(n).getBrokerConnected()));
    }

    /** Starts the broker again on its port, empty (as a broker that lost its state); nodes reconnect on their own. */
    public void restartBroker() throws IOException {
        broker = EmbeddedBroker.start(broker.port(), null);
    }

    /** The nodes not stopped. */
    public List<RunningNode> running() {
        return nodes.stream().filter(n -> !stopped.contains(n.node.config().nodeId())).toList();
    }

    private int index(String id) {
        return Integer.parseInt(id.substring(1)) - 1;
    }

    public static InfoResponse info(RunningNode n) {
        return n.info().info(InfoRequest.getDefaultInstance());
    }

    /** Requests the nodes forwarded, summed. */
    public long forwarded() {
        return nodes.stream().mapToLong(n -> info(n).getForwarded()).sum();
    }

    private static List<List<String>> ringOf(InfoResponse info) {
        return info.getRingList().stream().map(r -> List.copyOf(r.getNodesList())).toList();
    }

    private static List<List<String>> ringOf(TokenRing ring) {
        return IntStream.range(0, ring.partitioner().partitions()).mapToObj(ring::replicas).toList();
    }

    @Override
    public void close() {
        nodes.forEach(RunningNode::close); // closing a stopped node again does nothing
        broker.close();
    }
}
