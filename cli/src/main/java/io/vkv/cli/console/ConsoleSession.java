package io.vkv.cli.console;

import io.vkv.client.Context;
import io.vkv.client.Credentials;
import io.vkv.client.HostPort;
import io.vkv.client.VkvClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * What the console remembers between commands: the node it talks to (one client per node, made on first use), the
 * context of the last read or write of each key (so that a put after a get replaces what was read) and the keys
 * seen, for completion.
 */
final class ConsoleSession implements AutoCloseable {

    private final KnownNodes nodes;
    private final Duration timeout;
    private final Map<HostPort, VkvClient> clients = new HashMap<>();
    private final Map<String, Context> contexts = new ConcurrentHashMap<>();
    private final Set<String> seenKeys = new ConcurrentSkipListSet<>();
    private final Credentials credentials;
    private HostPort current;

    ConsoleSession(KnownNodes nodes, HostPort first, Duration timeout, Credentials credentials) {
        this.nodes = nodes;
        this.timeout = timeout;
        this.credentials = credentials;
        this.current = first;
        nodes.add(first, null);
    }

    /** What the console presents to nodes. */
    Credentials credentials() {
        return credentials;
    }

    KnownNodes nodes() {
        return nodes;
    }

    Duration timeout() {
        return timeout;
    }

    synchronized HostPort current() {
        return current;
    }

    synchronized void use(HostPort node) {
        nodes.add(node, null);
        current = node;
    }

    /** The client of the current node. */
    synchronized VkvClient client() {
        return clients.computeIfAbsent(current, a -> VkvClient.builder().target(a).deadline(timeout).credentials(credentials).build());
    }

    /** The context of the last read or write of {@code key}: EMPTY when none (the next write is blind). */
    Context context(String key) {
        return contexts.getOrDefault(key, Context.EMPTY);
    }

    /** Remembers {@code context} for {@code key} (and that the key exists, for completion). */
    void remember(String key, Context context) {
        seenKeys.add(key);
        if (context.isEmpty()) {
            contexts.remove(key);
        } else {
            contexts.put(key, context);
        }
    }

    /** Drops the context of {@code key}; true when there was one. */
    boolean forget(String key) {
        return contexts.remove(key) != null;
    }

    Optional<Context> rememberedContext(String key) {
        return Optional.ofNullable(contexts.get(key));
    }

    /** Every remembered context by key, sorted. */
    Map<String, Context> contexts() {
        return new TreeMap<>(contexts);
    }

    void saw(String key) {
        seenKeys.add(key);
    }

    List<String> seenKeys() {
        return List.copyOf(seenKeys);
    }

    @Override
    public synchronized void close() {
        clients.values().forEach(VkvClient::close);
        clients.clear();
    }
}
