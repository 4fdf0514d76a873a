package io.vkv.node.server;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.vkv.node.coordinator.KeyValueStore;
import io.vkv.node.storage.InvalidRequestException;
import io.vkv.node.storage.ReplicaStore;
import io.vkv.proto.v1.GetResponse;
import io.vkv.proto.v1.ScanRequest;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Streams one Scan: live keys of {@code [from, to)} in key order, read from the store a page at a
 * time and sent only while the client keeps up, so a large scan never piles up in memory.
 */
final class ScanStream {

    /** Keys returned when the request does not say. */
    static final int DEFAULT_LIMIT = 1000;
    private static final int PAGE = 128;

    private final KeyValueStore store;
    private final ResponseEncoder encoder;
    private final ServerCallStreamObserver<GetResponse> out;
    private final byte[] to;
    private final long limit;
    private final Predicate<byte[]> keep;

    // Guarded by this.
    private byte[] next;
    private Iterator<ReplicaStore.Entry> page = List.<ReplicaStore.Entry>of().iterator();
    private boolean lastPage;
    private long sent;
    private boolean done;

    private ScanStream(KeyValueStore store, ResponseEncoder encoder, ServerCallStreamObserver<GetResponse> out,
                       byte[] from, byte[] to, long limit, Predicate<byte[]> keep) {
        this.store = store;
        this.encoder = encoder;
        this.out = out;
        this.next = from;
        this.to = to;
        this.limit = limit;
        this.keep = keep;
    }

    /** Refuses a backwards range. */
    static void checkRange(ScanRequest request) {
        byte[] from = request.getFrom().toByteArray();
        byte[] to = request.getTo().isEmpty() ? null : request.getTo().toByteArray();
        if (to != null && Arrays.compareUnsigned(from, to) > 0) {
            throw new InvalidRequestException("scan range is backwards: from '" + KeyText.of(from)
                    + "' comes after to '" + KeyText.of(to) + "'");
        }
    }

    /** The keys {@code request} asks for at most. */
    static long limit(ScanRequest request) {
        return request.getLimit() == 0 ? DEFAULT_LIMIT : Integer.toUnsignedLong(request.getLimit());
    }

    /** Validates {@code request} and starts streaming its keys that {@code keep} accepts to {@code responses}. */
    static void start(KeyValueStore store, ResponseEncoder encoder, ScanRequest request, Predicate<byte[]> keep,
                      StreamObserver<GetResponse> responses) {
        checkRange(request);
        byte[] from = request.getFrom().toByteArray();
        byte[] to = request.getTo().isEmpty() ? null : request.getTo().toByteArray();
        ServerCallStreamObserver<GetResponse> out = (ServerCallStreamObserver<GetResponse>) responses;
        ScanStream scan = new ScanStream(store, encoder, out, from, to, limit(request), keep);
        out.setOnCancelHandler(scan::cancel);
        out.setOnReadyHandler(scan::pump);
        scan.pump();
    }

    /** Sends keys while the transport accepts them; resumes from the on-ready handler. */
    private synchronized void pump() {
        try {
            while (!done && out.isReady()) {
                if (sent >= limit) {
                    finish();
                    return;
                }
                if (!page.hasNext()) {
                    if (lastPage) {
                        finish();
                        return;
                    }
                    fetchPage();
                    continue;
                }
                ReplicaStore.Entry e = page.next();
                if (!e.state().isDeleted() && keep.test(e.key().bytes())) {
                    out.onNext(encoder.get(e.key().bytes(), e.state()));
                    sent++;
                }
            }
        } catch (RuntimeException e) {
            done = true;
            out.onError(ErrorStatus.of("Scan", e));
        }
    }

    private void fetchPage() {
        List<ReplicaStore.Entry> entries = store.scan(next, to, PAGE);
        lastPage = entries.size() < PAGE;
        if (!entries.isEmpty()) {
            next = successor(entries.get(entries.size() - 1).key().bytes());
        }
        page = entries.iterator();
    }

    /** The smallest key after {@code key}: the same bytes followed by 0x00. */
    static byte[] successor(byte[] key) {
        return Arrays.copyOf(key, key.length + 1);
    }

    private void finish() {
        done = true;
        out.onCompleted();
    }

    private synchronized void cancel() {
        done = true;
    }
}
