package io.vkv.sim.fault;

import io.vkv.sim.check.ClusterState;
import io.vkv.sim.check.KeyView;
import io.vkv.sim.cluster.NodeChannels;
import io.vkv.sim.cluster.SimCluster;
import io.vkv.sim.cluster.StateReader;
import io.vkv.sim.history.Op;
import io.vkv.sim.workload.Recorder;
import io.vkv.sim.workload.Workload;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a fault schedule on a running cluster, step by step, recording each step as it happened. A step that
 * fails (a node that does not come back, say) is recorded with the reason and the schedule goes on: the checker
 * then judges the cluster as it is.
 */
public final class FaultRunner {

    private static final Logger LOG = LoggerFactory.getLogger(FaultRunner.class);
    private static final long DRAIN_MILLIS = 20_000;
    private static final long POLL_MILLIS = 200;
    private static final Duration SETTLE_BOUND = Duration.ofSeconds(60);

    private final SimCluster cluster;
    private final Workload workload;
    private final NodeChannels channels;
    private final StateReader reader;
    private final Recorder recorder;
    private final List<FaultEvent> events = new ArrayList<>();

    public FaultRunner(SimCluster cluster, Workload workload, NodeChannels channels, StateReader reader, Recorder recorder) {
        this.cluster = cluster;
        this.workload = workload;
        this.channels = channels;
        this.reader = reader;
        this.recorder = recorder;
    }

    /** Runs every step of {@code steps}, each {@code afterMillis} after the previous one finished. */
    public void run(List<FaultStep> steps) throws InterruptedException {
        for (FaultStep step : steps) {
            Thread.sleep(step.afterMillis());
            execute(step);
        }
    }

    /** Repairs whatever is still broken (nothing, after a complete schedule); returns true when it had to. */
    public boolean repairAll() throws InterruptedException, IOException {
        boolean any = false;
        if (cluster.brokerFrozen()) {
            any |= execute(new FaultStep(0, Action.THAW_BROKER, "broker", 0));
        }
        if (!cluster.isRunning("broker")) {
            any |= execute(new FaultStep(0, Action.START_BROKER, "broker", 0));
        }
        for (String n : cluster.nodeIds()) {
            if (cluster.proxy(n).isCut()) {
                any |= execute(new FaultStep(0, Action.HEAL, n, 0));
            }
            if (cluster.proxy(n).delayMillis() > 0) {
                any |= execute(new FaultStep(0, Action.UNDELAY, n, 0));
            }
            if (!cluster.isRunning(n)) {
                any |= execute(new FaultStep(0, Action.START_NODE, n, 0));
            }
            workload.allow(n);
        }
        return any;
    }

    /** The steps as they happened, in order. */
    public synchronized List<FaultEvent> events() {
        return List.copyOf(events);
    }

    /** When the last repair finished (milliseconds since the run started), or -1 when nothing was repaired. */
    public synchronized long lastRepairMillis() {
        return events.stream().filter(e -> !e.action().fault()).mapToLong(FaultEvent::endMillis).max().orElse(-1);
    }

    private boolean execute(FaultStep step) throws InterruptedException {
        long start = recorder.now();
        String note = "";
        String target = step.target();
        try {
            switch (step.action()) {
                case CUT -> cluster.proxy(target).cut();
                case HEAL -> cluster.proxy(target).heal();
                case DELAY -> {
                    cluster.proxy(target).delay(step.millis());
                    note = step.millis() + " ms each way";
                }
                case UNDELAY -> cluster.proxy(target).delay(0);
                case FREEZE_BROKER -> cluster.freezeBroker();
                case THAW_BROKER -> cluster.thawBroker();
                case KILL_BROKER, KILL_NODE -> cluster.kill(target);
                case WIPE_BROKER, WIPE_NODE -> cluster.wipe(target);
                case START_BROKER -> cluster.start(target);
                case START_NODE -> {
                    cluster.start(target);
                    channels.reconnect(target);
                }
                case DRAIN_NODE -> note = drain(target);
                case UNDRAIN_NODE -> workload.allow(target);
                case JOIN_NODE -> {
                    cluster.join(target);
                    channels.add(target, cluster.address(target));
                }
                case LEAVE_NODE -> {
                    note = "handed off " + cluster.leave(target) + " partitions";
                    channels.retire(target);
                }
                case JOINED, LEFT, SETTLED -> note = "every node saw the ring settled after " + cluster.awaitSettledRing(SETTLE_BOUND) + " ms";
                default -> throw new IllegalStateException("unknown action " + step.action());
            }
        } catch (IOException | RuntimeException e) {
            note = "FAILED: " + e.getMessage();
            LOG.warn("{} {} failed: {}", step.action().verb(), target, e.getMessage());
        }
        FaultEvent event = new FaultEvent(start, recorder.now(), step.action(), target, note);
        synchronized (this) {
            events.add(event);
        }
        LOG.info("t={} ms: {}{}", event.startMillis(), event.label(), note.isEmpty() ? "" : " (" + note + ")");
        return true;
    }

    /**
     * Stops clients using {@code node} and waits until every write it acknowledged is held (or covered) by another
     * node: a write acknowledged by one node alone is lost with that node's disk, in any store that acknowledges
     * after one durable copy. Returns what happened, for the timeline.
     */
    private String drain(String node) throws InterruptedException {
        workload.avoid(node);
        Thread.sleep(POLL_MILLIS); // a client that chose the node just before still counts as in flight below
        long deadline = System.currentTimeMillis() + DRAIN_MILLIS;
        while (workload.inFlight(node) > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        List<Op> own = recorder.acknowledgedWrites().stream().filter(w -> w.dot().nodeId().equals(node)).toList();
        List<String> others = cluster.nodeIds().stream().filter(n -> !n.equals(node)).toList();
        long started = System.currentTimeMillis();
        int missing;
        while (true) {
            ClusterState state = reader.read(others);
            missing = (int) own.stream().filter(w -> state.nodes().keySet().stream().noneMatch(m -> holds(state.view(m, w.key()), w))).count();
            if (missing == 0 || System.currentTimeMillis() > deadline) {
                break;
            }
            Thread.sleep(POLL_MILLIS);
        }
        long took = System.currentTimeMillis() - started;
        return missing == 0 ? "its " + own.size() + " acknowledged writes were on another node after " + took + " ms"
                : missing + " of its " + own.size() + " acknowledged writes were on no other node after " + took + " ms";
    }

    private static boolean holds(KeyView view, Op write) {
        return view.sibling(write.dot()).isPresent() || view.context().covers(write.dot());
    }
}
