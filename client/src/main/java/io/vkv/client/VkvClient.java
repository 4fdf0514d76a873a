package io.vkv.client;

import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.vkv.proto.v1.DeleteRequest;
import io.vkv.proto.v1.DeleteResponse;
import io.vkv.proto.v1.GetRequest;
import io.vkv.proto.v1.GetResponse;
import io.vkv.proto.v1.HistoryRequest;
import io.vkv.proto.v1.InfoRequest;
import io.vkv.proto.v1.KeyValueGrpc;
import io.vkv.proto.v1.NodeInfoGrpc;
import io.vkv.proto.v1.PutRequest;
import io.vkv.proto.v1.PutResponse;
import io.vkv.proto.v1.ScanRequest;
import io.vkv.proto.v1.TrimRequest;
import io.vkv.proto.v1.TrimResponse;
import io.vkv.proto.v1.WatchRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A connection to one vkv node: reads that return every concurrent version with a context, writes that
 * pass the context back, batch streams, ordered scans, watches and a read-modify-write loop with
 * client-side sibling resolution. Every call has a deadline; failures are {@link VkvException}s.
 * Thread-safe; close it to release the connection.
 *
 * <p>Single-key requests go straight to a replica of their key when the ring says which ({@link Builder#routing});
 * batches, scans and watches go to the target node, which gathers or forwards across the ring.
 *
 * <p>Reads (get, getMany, scan) and the steps of {@link #update} are retried per the {@link RetryPolicy};
 * plain writes are not, since a write that timed out may have been applied: the caller decides.
 */
public final class VkvClient implements AutoCloseable {

    private static final int MAX_INBOUND_BYTES = 64 * 1024 * 1024;
    private static final long RING_REFRESH_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final String target;
    private final Duration deadline;
    private final RetryPolicy retry;
    private final SiblingResolver resolver;
    private final ManagedChannel channel;
    private final Credentials credentials;
    private final StatusMapping errors;
    private final boolean routing;
    private final int readQuorum;
    private final int writeQuorum;
    private final StaleRingFlag staleRing = new StaleRingFlag();
    private final Map<String, ManagedChannel> replicaChannels = new ConcurrentHashMap<>();
    private volatile RingView ring;
    private volatile long ringFetchedNanos;

    private VkvClient(Builder b) {
        this.target = b.address.toString();
        this.deadline = b.deadline;
        this.retry = b.retry;
        this.resolver = b.resolver;
        this.errors = new StatusMapping(target);
        this.routing = b.routing;
        this.readQuorum = b.readQuorum;
        this.writeQuorum = b.writeQuorum;
        this.credentials = b.credentials;
        this.channel = credentials.channelBuilder(b.address.host(), b.address.port())
                .maxInboundMessageSize(MAX_INBOUND_BYTES)
                .intercept(staleRing)
                .build();
    }

    /** A builder for a client of {@code 127.0.0.1:7001} with a 5 s deadline and {@link RetryPolicy#DEFAULT}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The node this client talks to, as host:port. */
    public String target() {
        return target;
    }

    /**
     * The ring as the node this client talks to describes it (fetched on first use, and again once a node says it
     * forwarded a request of this client's).
     */
    public RingView ring() {
        RingView r = ring;
        if (r == null || staleRing.isSet()) {
            r = fetchRing();
        }
        return r;
    }

    private RingView fetchRing() {
        staleRing.clear();
        RingView r = call("node info", () -> RingView.of(NodeInfoGrpc.newBlockingStub(channel)
                .withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS).info(InfoRequest.getDefaultInstance())));
        ring = r;
        ringFetchedNanos = System.nanoTime();
        return r;
    }

    /**
     * The channel for a request on {@code key}: straight to its first serving replica when routing, else (or when the
     * ring is unknown) the node this client talks to, which forwards. A stale ring is fetched again at most once a second.
     */
    private Channel channelFor(byte[] key) {
        if (!routing) {
            return channel;
        }
        RingView r = ring;
        if (r == null || (staleRing.isSet() && System.nanoTime() - ringFetchedNanos > RING_REFRESH_NANOS)) {
            try {
                r = fetchRing();
            } catch (VkvException e) {
                return channel; // the node itself will answer (or fail) the request
            }
        }
        String address = r.route(key).orElse(null);
        if (address == null) {
            return channel;
        }
        return replicaChannels.computeIfAbsent(address, a -> {
            HostPort hp = HostPort.parse(a);
            return credentials.channelBuilder(hp.host(), hp.port())
                    .maxInboundMessageSize(MAX_INBOUND_BYTES)
                    .intercept(staleRing)
                    .build();
        });
    }

    /** Reads {@code key}: found or not, its siblings and the context to write it with. */
    public Versions get(byte[] key) {
        GetRequest request = getRequest(key);
        return retry.run(() -> call("get", () -> ProtoMapping.versions(blocking(channelFor(key)).get(request))));
    }

    public Versions get(String key) {
        return get(utf8(key));
    }

    /**
     * Reads {@code key} as of version number {@code version}: the one version in force then (the newest numbered at or
     * below it) as the only sibling, found when it holds a value; no context (write with one from {@link #get}).
     */
    public Versions getAt(byte[] key, long version) {
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1, got " + version + " (use get for the current state)");
        }
        GetRequest request = getRequest(key).toBuilder().setAt(version).build();
        return retry.run(() -> call("get", () -> ProtoMapping.versions(blocking(channelFor(key)).get(request))));
    }

    public Versions getAt(String key, long version) {
        return getAt(utf8(key), version);
    }

    /** Every version {@code key} keeps, oldest first: its superseded versions (history.max-versions) and live siblings. */
    public KeyHistory history(byte[] key) {
        HistoryRequest request = HistoryRequest.newBuilder().setKey(ProtoMapping.bytes(key)).setR(readQuorum).build();
        return retry.run(() -> call("history", () -> ProtoMapping.history(blocking(channelFor(key)).history(request))));
    }

    public KeyHistory history(String key) {
        return history(utf8(key));
    }

    /** Keeps only the latest version of {@code key} on every replica; returns it, or empty when the key has none. */
    public Optional<Sibling> trim(byte[] key) {
        TrimRequest request = TrimRequest.newBuilder().setKey(ProtoMapping.bytes(key)).build();
        return call("trim", () -> {
            TrimResponse r = blocking(channelFor(key)).trim(request);
            return r.hasKept() ? Optional.of(ProtoMapping.sibling(r.getKept())) : Optional.empty();
        });
    }

    public Optional<Sibling> trim(String key) {
        return trim(utf8(key));
    }

    /** Writes {@code value} with the context of the last read (EMPTY or null for a blind write); returns the new context. */
    public Context put(byte[] key, byte[] value, Context context) {
        PutRequest request = putRequest(new Put(key, value, context));
        return call("put", () -> ProtoMapping.context(blocking(channelFor(key)).put(request).getContext()));
    }

    public Context put(String key, String value, Context context) {
        return put(utf8(key), utf8(value), context);
    }

    /** Deletes {@code key} (writes a tombstone) with the context of the last read; returns the new context. */
    public Context delete(byte[] key, Context context) {
        DeleteRequest request = deleteRequest(new Delete(key, context));
        return call("delete", () -> ProtoMapping.context(blocking(channelFor(key)).delete(request).getContext()));
    }

    public Context delete(String key, Context context) {
        return delete(utf8(key), context);
    }

    /** Reads many keys on one stream; results in request order. */
    public List<Versions> getMany(List<byte[]> keys) {
        List<GetRequest> requests = keys.stream().map(this::getRequest).toList();
        if (requests.isEmpty()) {
            return List.of();
        }
        List<GetResponse> responses = retry.run(() -> BatchCall.<GetRequest, GetResponse>run(
                observer -> async().getMany(observer), requests, errors, "getMany", deadline));
        return responses.stream().map(ProtoMapping::versions).toList();
    }

    /** Writes many values on one stream; returns each new context in request order. */
    public List<Context> putMany(List<Put> puts) {
        List<PutRequest> requests = puts.stream().map(this::putRequest).toList();
        if (requests.isEmpty()) {
            return List.of();
        }
        List<PutResponse> responses = BatchCall.<PutRequest, PutResponse>run(
                observer -> async().putMany(observer), requests, errors, "putMany", deadline);
        return responses.stream().map(r -> ProtoMapping.context(r.getContext())).toList();
    }

    /** Deletes many keys on one stream; returns each new context in request order. */
    public List<Context> deleteMany(List<Delete> deletes) {
        List<DeleteRequest> requests = deletes.stream().map(this::deleteRequest).toList();
        if (requests.isEmpty()) {
            return List.of();
        }
        List<DeleteResponse> responses = BatchCall.<DeleteRequest, DeleteResponse>run(
                observer -> async().deleteMany(observer), requests, errors, "deleteMany", deadline);
        return responses.stream().map(r -> ProtoMapping.context(r.getContext())).toList();
    }

    /**
     * Keys in {@code [from, to)} in unsigned byte order, deleted keys skipped, at most {@code limit}
     * (0: the node's default). A null bound is open.
     */
    public List<Versions> scan(byte[] from, byte[] to, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("scan limit must not be negative, got " + limit);
        }
        ScanRequest request = ScanRequest.newBuilder()
                .setFrom(ProtoMapping.bytes(from)).setTo(ProtoMapping.bytes(to)).setLimit(limit).build();
        return retry.run(() -> call("scan", () -> {
            List<Versions> result = new ArrayList<>();
            blocking().scan(request).forEachRemaining(r -> result.add(ProtoMapping.versions(r)));
            return result;
        }));
    }

    public List<Versions> scan(String from, String to, int limit) {
        return scan(from == null ? null : utf8(from), to == null ? null : utf8(to), limit);
    }

    /** Every key in {@code [from, to)}, fetched lazily {@code pageSize} keys per scan; null bounds are open. */
    public Iterator<Versions> scanAll(byte[] from, byte[] to, int pageSize) {
        return new ScanPager(this::scan, from, to, pageSize);
    }

    /** Every key starting with {@code prefix}, in key order, fetched lazily {@code pageSize} keys per scan. */
    public Iterator<Versions> scanPrefix(String prefix, int pageSize) {
        byte[] p = utf8(prefix);
        return scanAll(p, prefixEnd(p), pageSize);
    }

    /**
     * The first key after every key that starts with {@code prefix}: the end of a prefix's scan range; null (open) when
     * no key is past them all (an empty prefix, or one of 0xFF bytes only).
     */
    public static byte[] prefixEnd(byte[] prefix) {
        for (int i = prefix.length - 1; i >= 0; i--) {
            if (prefix[i] != (byte) 0xFF) {
                byte[] end = Arrays.copyOf(prefix, i + 1);
                end[i]++;
                return end;
            }
        }
        return null;
    }

    /** Streams every change to keys starting with {@code prefix} (empty: all keys) from now until cancelled. No deadline. */
    public WatchHandle watch(byte[] prefix, WatchListener listener) {
        Objects.requireNonNull(listener, "listener");
        WatchRequest request = WatchRequest.newBuilder().setPrefix(ProtoMapping.bytes(prefix)).build();
        return WatchHandle.start(observer -> KeyValueGrpc.newStub(channel).watch(request, observer), listener, errors);
    }

    public WatchHandle watch(String prefix, WatchListener listener) {
        return watch(utf8(prefix), listener);
    }

    /**
     * Read-modify-write: reads {@code key}, reduces its siblings with {@code siblingResolver}, applies
     * {@code fn} to the resolved value (null when absent or deleted) and writes the result back with the
     * read's context, which supersedes every sibling read. {@code fn} returning null deletes the key.
     * The read and the write are each retried per the retry policy; a retried write resends the same value
     * and context, so a write that had landed leaves at worst a duplicate sibling that resolvers collapse.
     * Concurrent updates are never rejected: they become siblings for the next read to resolve.
     *
     * @return the context after the write
     * @throws UnresolvedSiblingsException when the resolver leaves more than one live value
     */
    public Context update(byte[] key, SiblingResolver siblingResolver, UnaryOperator<byte[]> fn) {
        Versions read = get(key);
        byte[] current = read.resolve(siblingResolver).value().orElse(null);
        byte[] next = fn.apply(current);
        if (next == null) {
            return retry.run(() -> delete(key, read.context()));
        }
        return retry.run(() -> put(key, next, read.context()));
    }

    /** {@link #update(byte[], SiblingResolver, UnaryOperator)} with the client's default resolver. */
    public Context update(byte[] key, UnaryOperator<byte[]> fn) {
        return update(key, resolver, fn);
    }

    /** UTF-8 form of {@link #update(byte[], SiblingResolver, UnaryOperator)}. */
    public Context update(String key, SiblingResolver siblingResolver, UnaryOperator<String> fn) {
        return update(utf8(key), siblingResolver, current -> {
            String next = fn.apply(current == null ? null : new String(current, StandardCharsets.UTF_8));
            return next == null ? null : utf8(next);
        });
    }

    public Context update(String key, UnaryOperator<String> fn) {
        return update(key, resolver, fn);
    }

    @Override
    public void close() {
        List<ManagedChannel> all = new ArrayList<>(replicaChannels.values());
        all.add(channel);
        all.forEach(ManagedChannel::shutdown);
        try {
            for (ManagedChannel c : all) {
                if (!c.awaitTermination(5, TimeUnit.SECONDS)) {
                    c.shutdownNow();
                }
            }
        } catch (InterruptedException e) {
            all.forEach(ManagedChannel::shutdownNow);
            Thread.currentThread().interrupt();
        }
    }

    private KeyValueGrpc.KeyValueBlockingStub blocking() {
        return blocking(channel);
    }

    private KeyValueGrpc.KeyValueBlockingStub blocking(Channel to) {
        return KeyValueGrpc.newBlockingStub(to).withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
    }

    private KeyValueGrpc.KeyValueStub async() {
        return KeyValueGrpc.newStub(channel).withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
    }

    private <T> T call(String operation, Supplier<T> rpc) {
        try {
            return rpc.get();
        } catch (StatusRuntimeException e) {
            throw errors.translate(e, operation, deadline);
        }
    }

    private GetRequest getRequest(byte[] key) {
        return GetRequest.newBuilder().setKey(ProtoMapping.bytes(key)).setR(readQuorum).build();
    }

    private PutRequest putRequest(Put p) {
        return PutRequest.newBuilder().setKey(ProtoMapping.bytes(p.key())).setValue(ProtoMapping.bytes(p.value()))
                .setContext(ProtoMapping.bytes(p.context())).setW(writeQuorum).build();
    }

    private DeleteRequest deleteRequest(Delete d) {
        return DeleteRequest.newBuilder().setKey(ProtoMapping.bytes(d.key())).setContext(ProtoMapping.bytes(d.context()))
                .setW(writeQuorum).build();
    }

    private static byte[] utf8(String s) {
        return Objects.requireNonNull(s, "key and value must not be null").getBytes(StandardCharsets.UTF_8);
    }

    /** Settings of a {@link VkvClient}. */
    public static final class Builder {
        private HostPort address = new HostPort("127.0.0.1", 7001);
        private Duration deadline = Duration.ofSeconds(5);
        private RetryPolicy retry = RetryPolicy.DEFAULT;
        private SiblingResolver resolver = SiblingResolver.lastWriterWins();
        private boolean routing = true;
        private Credentials credentials = Credentials.plaintext();
        private int readQuorum;
        private int writeQuorum;

        private Builder() {
        }

        /** R for every read: how many replicas must answer (1..N of the cluster; default 0: the node's quorum.r). */
        public Builder readQuorum(int r) {
            this.readQuorum = quorum("read quorum", r);
            return this;
        }

        /** W for every write: how many replicas must hold it durably (1..N of the cluster; default 0: the node's quorum.w). */
        public Builder writeQuorum(int w) {
            this.writeQuorum = quorum("write quorum", w);
            return this;
        }

        private static int quorum(String name, int value) {
            if (value < 0 || value > 64) {
                throw new IllegalArgumentException(name + " must be within 1..64 (0 for the node's default), got " + value);
            }
            return value;
        }

        /** The node as {@code host:port} ({@code [::1]:7001} for an IPv6 literal). */
        public Builder target(String hostPort) {
            return target(HostPort.parse(hostPort));
        }

        public Builder target(String host, int port) {
            return target(new HostPort(host, port));
        }

        public Builder target(HostPort hostPort) {
            this.address = Objects.requireNonNull(hostPort, "target");
            return this;
        }

        /** How long each call (each page of a scan, each whole batch) may take. */
        public Builder deadline(Duration d) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("deadline must be positive, got " + d);
            }
            this.deadline = d;
            return this;
        }

        public Builder retry(RetryPolicy policy) {
            this.retry = Objects.requireNonNull(policy, "retry policy");
            return this;
        }

        /** The resolver {@link #update(byte[], UnaryOperator)} uses when none is given (default: last writer wins). */
        public Builder resolver(SiblingResolver r) {
            this.resolver = Objects.requireNonNull(r, "resolver");
            return this;
        }

        /**
         * Whether single-key requests go straight to a replica of their key, by the ring the node describes (default:
         * true). Off, every request goes to the target node, which forwards what it does not replicate.
         */
        public Builder routing(boolean on) {
            this.routing = on;
            return this;
        }

        /** How to reach a secure cluster: TLS, a client certificate, a token (default: plaintext). */
        public Builder credentials(Credentials c) {
            this.credentials = Objects.requireNonNull(c, "credentials");
            return this;
        }

        public VkvClient build() {
            return new VkvClient(this);
        }
    }
}
