package io.vkv.sim.workload;

import com.google.protobuf.ByteString;
import io.grpc.StatusRuntimeException;
import io.vkv.proto.v1.DeleteRequest;
import io.vkv.proto.v1.DeleteResponse;
import io.vkv.proto.v1.GetRequest;
import io.vkv.proto.v1.GetResponse;
import io.vkv.proto.v1.PutRequest;
import io.vkv.proto.v1.PutResponse;
import io.vkv.sim.cluster.ApiViews;
import io.vkv.sim.history.OpType;
import io.vkv.sim.history.Outcome;
import io.vkv.sim.history.Vv;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One client of the workload. Each step picks a key and one of: a read-modify-write update (read, then write with
 * the fresh context, sometimes through another node), a put with this client's last context for the key (often
 * stale: concurrent writes become siblings), a blind put, a delete with a fresh context, or a plain read. Every
 * value it writes is unique in the run ({@code c<client>-<n>}), so that the checker can tell writes apart.
 */
final class WorkloadClient {

    /** The token a read returned and the clock it carries. */
    private record Read(ByteString token, Vv clock) {
        static final Read NOTHING = new Read(ByteString.EMPTY, Vv.EMPTY);
    }

    private final int id;
    private final Workload workload;
    private final Random random;
    private final Map<String, Read> lastRead = new HashMap<>();
    private long written;

    WorkloadClient(int id, Workload workload, long seed) {
        this.id = id;
        this.workload = workload;
        this.random = new Random(seed);
    }

    void run() {
        List<String> keys = workload.settings().keyNames();
        while (workload.running()) {
            String key = keys.get(random.nextInt(keys.size()));
            String node = pickNode();
            int dice = random.nextInt(100);
            boolean ok;
            if (dice < 40) {
                Read read = get(node, key);
                ok = read != null && put(random.nextInt(100) < 30 ? pickNode() : node, key, read);
            } else if (dice < 60) {
                ok = put(node, key, lastRead.getOrDefault(key, Read.NOTHING));
            } else if (dice < 70) {
                ok = put(node, key, Read.NOTHING);
            } else if (dice < 82) {
                Read read = get(node, key);
                ok = read != null && delete(node, key, read);
            } else {
                ok = get(node, key) != null;
            }
            Workload.Settings s = workload.settings();
            pause(s.minThinkMillis() + random.nextInt(s.maxThinkMillis() - s.minThinkMillis() + 1) + (ok ? 0 : 50));
        }
    }

    private String pickNode() {
        List<String> allowed = workload.allowedNodes();
        List<String> all = workload.channels().nodeIds();
        String home = all.get(id % all.size());
        return allowed.contains(home) && random.nextInt(100) < 70 ? home : allowed.get(random.nextInt(allowed.size()));
    }

    private Read get(String node, String key) {
        long start = workload.recorder().now();
        workload.inFlightCounter(node).incrementAndGet();
        try {
            GetResponse r = workload.channels().kv(node, workload.settings().deadline()).get(GetRequest.newBuilder().setKey(bytes(key)).build());
            Read read = new Read(r.getContext(), ApiViews.keyView(r).context());
            lastRead.put(key, read);
            workload.recorder().record(id, node, OpType.GET, key, null, Vv.EMPTY, start, Outcome.OK, null, r.getSiblingsCount(), null);
            return read;
        } catch (StatusRuntimeException e) {
            workload.recorder().record(id, node, OpType.GET, key, null, Vv.EMPTY, start, Outcomes.of(e), null, -1, Outcomes.describe(e));
            return null;
        } finally {
            workload.inFlightCounter(node).decrementAndGet();
        }
    }

    private boolean put(String node, String key, Read context) {
        String value = "c" + id + "-" + (++written);
        long start = workload.recorder().now();
        workload.inFlightCounter(node).incrementAndGet();
        try {
            PutResponse r = workload.channels().kv(node, workload.settings().deadline()).put(PutRequest.newBuilder()
                    .setKey(bytes(key)).setValue(bytes(value)).setContext(context.token()).build());
            workload.recorder().record(id, node, OpType.PUT, key, value, context.clock(), start, Outcome.OK,
                    ApiViews.dot(r.getDot()), r.getVersion(), r.getSiblingCount(), null);
            return true;
        } catch (StatusRuntimeException e) {
            workload.recorder().record(id, node, OpType.PUT, key, value, context.clock(), start, Outcomes.of(e), null, -1, Outcomes.describe(e));
            return false;
        } finally {
            workload.inFlightCounter(node).decrementAndGet();
        }
    }

    private boolean delete(String node, String key, Read context) {
        long start = workload.recorder().now();
        workload.inFlightCounter(node).incrementAndGet();
        try {
            DeleteResponse r = workload.channels().kv(node, workload.settings().deadline()).delete(DeleteRequest.newBuilder()
                    .setKey(bytes(key)).setContext(context.token()).build());
            workload.recorder().record(id, node, OpType.DELETE, key, null, context.clock(), start, Outcome.OK,
                    ApiViews.dot(r.getDot()), r.getVersion(), r.getSiblingCount(), null);
            return true;
        } catch (StatusRuntimeException e) {
            workload.recorder().record(id, node, OpType.DELETE, key, null, context.clock(), start, Outcomes.of(e), null, -1, Outcomes.describe(e));
            return false;
        } finally {
            workload.inFlightCounter(node).decrementAndGet();
        }
    }

    private static ByteString bytes(String s) {
        return ByteString.copyFrom(s, StandardCharsets.UTF_8);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
