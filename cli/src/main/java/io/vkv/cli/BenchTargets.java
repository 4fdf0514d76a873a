package io.vkv.cli;

import io.grpc.ManagedChannel;
import io.vkv.client.Credentials;
import io.vkv.client.HostPort;
import io.vkv.client.RingView;
import io.vkv.proto.v1.KeyValueGrpc;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where the bench sends each key: the node it was given, or, routing, the first serving replica of the key by
 * the ring that node describes (as the Java client does), so a ring is measured without forwarding.
 */
final class BenchTargets implements AutoCloseable {

    private final KeyValueGrpc.KeyValueStub node;
    private final KeyValueGrpc.KeyValueStub[] byKey;
    private final List<ManagedChannel> channels;

    private BenchTargets(KeyValueGrpc.KeyValueStub node, KeyValueGrpc.KeyValueStub[] byKey, List<ManagedChannel> channels) {
        this.node = node;
        this.byKey = byKey;
        this.channels = channels;
    }

    /** Every call to {@code node}. */
    static BenchTargets node(HostPort node, Credentials credentials) {
        ManagedChannel c = channel(node, credentials);
        return new BenchTargets(KeyValueGrpc.newStub(c), null, List.of(c));
    }

    /** Each of the {@code keys} bench keys to its first serving replica by {@code ring}, else to {@code node}. */
    static BenchTargets routed(HostPort node, RingView ring, int keys, Credentials credentials) {
        ManagedChannel home = channel(node, credentials);
        List<ManagedChannel> all = new ArrayList<>(List.of(home));
        Map<String, KeyValueGrpc.KeyValueStub> stubs = new LinkedHashMap<>();
        KeyValueGrpc.KeyValueStub homeStub = KeyValueGrpc.newStub(home);
        KeyValueGrpc.KeyValueStub[] byKey = new KeyValueGrpc.KeyValueStub[keys];
        for (int i = 0; i < keys; i++) {
            byKey[i] = ring.route(BenchRun.key(i).toByteArray()).map(address -> stubs.computeIfAbsent(address, a -> {
                ManagedChannel c = channel(HostPort.parse(a), credentials);
                all.add(c);
                return KeyValueGrpc.newStub(c);
            })).orElse(homeStub);
        }
        return new BenchTargets(homeStub, byKey, all);
    }

    private static ManagedChannel channel(HostPort to, Credentials credentials) {
        // Callbacks only record and release: no hand-off to another thread.
        return credentials.channelBuilder(to.host(), to.port()).directExecutor().build();
    }

    /** The stub for a call on bench key {@code i}. */
    KeyValueGrpc.KeyValueStub stub(int i) {
        return byKey == null ? node : byKey[i];
    }

    /** The stub for calls on many keys at once (the node given: it forwards what it does not replicate). */
    KeyValueGrpc.KeyValueStub node() {
        return node;
    }

    @Override
    public void close() throws InterruptedException {
        for (ManagedChannel c : channels) {
            c.shutdownNow();
        }
        for (ManagedChannel c : channels) {
            c.awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
