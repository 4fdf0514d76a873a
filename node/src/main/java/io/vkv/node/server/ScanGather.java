package io.vkv.node.server;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.vkv.node.coordinator.KeyValueStore;
import io.vkv.node.storage.ReplicaStore;
import io.vkv.proto.v1.GetResponse;
import io.vkv.proto.v1.KeyValueGrpc;
import io.vkv.proto.v1.ScanRequest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Streams one Scan across the ring: a covering set of replicas (this node for what it replicates) each
 * pages through its share of the partitions in key order, and the pages are merged by key. Each source
 * holds at most one page, and pages are sent only while the client keeps up, so memory stays bounded.
 */
final class ScanGather {

    private static final int PAGE = 256;
    private static final long PAGE_DEADLINE_SECONDS = 30;

    /** One replica's share: its buffered page, where the next page starts, whether it has more. */
    private final class Source {
        final String nodeId;
        final BitSet partitions;
        final Deque<GetResponse> page = new ArrayDeque<>();
        byte[] next;
        boolean exhausted;
        boolean fetching;

        Source(String nodeId, BitSet partitions, byte[] from) {
            this.nodeId = nodeId;
            this.partitions = partitions;
            this.next = from;
        }
    }

    private final Forwarder forwarder;
    private final KeyValueStore store;
    private final ResponseEncoder encoder;
    private final ServerCallStreamObserver<GetResponse> out;
    private final byte[] to;
    private final long limit;
    private final List<Source> sources = new ArrayList<>();
    // Guarded by this.
    private long sent;
    private boolean done;

    private ScanGather(Forwarder forwarder, KeyValueStore store, ResponseEncoder encoder, ServerCallStreamObserver<GetResponse> out,
                       ScanRequest request) {
        this.forwarder = forwarder;
        this.store = store;
        this.encoder = encoder;
        this.out = out;
        this.to = request.getTo().isEmpty() ? null : request.getTo().toByteArray();
        this.limit = ScanStream.limit(request);
        for (Map.Entry<String, BitSet> e : forwarder.coveringSet().entrySet()) {
            sources.add(new Source(e.getKey(), e.getValue(), request.getFrom().toByteArray()));
        }
    }

    /** Validates {@code request} and starts gathering its keys to {@code responses}. */
    static void start(Forwarder forwarder, KeyValueStore store, ResponseEncoder encoder, ScanRequest request,
                      StreamObserver<GetResponse> responses) {
        ScanStream.checkRange(request);
        ServerCallStreamObserver<GetResponse> out = (ServerCallStreamObserver<GetResponse>) responses;
        ScanGather scan = new ScanGather(forwarder, store, encoder, out, request);
        out.setOnCancelHandler(scan::cancel);
        out.setOnReadyHandler(scan::pump);
        scan.pump();
    }

    /** Sends the least buffered key while the client keeps up and every source with more has a page in hand. */
    private synchronized void pump() {
        try {
            while (!done && out.isReady()) {
                if (sent >= limit) {
                    finish();
                    return;
                }
                Source least = null;
                for (Source s : sources) {
                    if (s.page.isEmpty() && !s.exhausted) {
                        fetch(s);
                        if (s.page.isEmpty() && !s.exhausted) {
                            return; // a remote page is on its way: its arrival pumps again
                        }
                    }
                    if (!s.page.isEmpty() && (least == null || compare(s.page.peek(), least.page.peek()) < 0)) {
                        least = s;
                    }
                }
                if (least == null) {
                    finish();
                    return;
                }
                out.onNext(least.page.poll());
                sent++;
            }
        } catch (RuntimeException e) {
            done = true;
            out.onError(ErrorStatus.of("Scan", e));
        }
    }

    private static int compare(GetResponse a, GetResponse b) {
        return ByteString.unsignedLexicographicalComparator().compare(a.getKey(), b.getKey());
    }

    private void fetch(Source s) {
        if (s.fetching) {
            return;
        }
        if (s.nodeId.equals(forwarder.self())) {
            fetchLocal(s);
        } else {
            fetchRemote(s);
        }
    }

    /** Fills a page from this node's store with live keys of the source's partitions. */
    private void fetchLocal(Source s) {
        while (s.page.size() < PAGE && !s.exhausted) {
            List<ReplicaStore.Entry> entries = store.scan(s.next, to, PAGE);
            s.exhausted = entries.size() < PAGE;
            for (ReplicaStore.Entry e : entries) {
                byte[] key = e.key().bytes();
                if (!e.state().isDeleted() && s.partitions.get(forwarder.partitionOf(key))) {
                    s.page.add(encoder.get(key, e.state()));
                }
            }
            if (!entries.isEmpty()) {
                s.next = ScanStream.successor(entries.get(entries.size() - 1).key().bytes());
            }
        }
    }

    /** Asks the source's node for its next page; the answer pumps again. */
    private void fetchRemote(Source s) {
        KeyValueGrpc.KeyValueStub stub = forwarder.stubFor(s.nodeId);
        if (stub == null) {
            throw Status.UNAVAILABLE.withDescription(s.nodeId + " went down during the scan; retry").asRuntimeException();
        }
        ScanRequest.Builder request = ScanRequest.newBuilder().setFrom(ByteString.copyFrom(s.next)).setLimit(PAGE);
        if (to != null) {
            request.setTo(ByteString.copyFrom(to));
        }
        s.partitions.stream().forEach(request::addPartitions);
        s.fetching = true;
        List<GetResponse> got = new ArrayList<>(PAGE);
        stub.withDeadlineAfter(PAGE_DEADLINE_SECONDS, TimeUnit.SECONDS).scan(request.build(), new StreamObserver<>() {
            @Override
            public void onNext(GetResponse r) {
                got.add(r);
            }

            @Override
            public void onError(Throwable t) {
                Status st = Status.fromThrowable(t);
                failed(Status.fromCode(st.getCode()).withDescription("scanning partitions of " + s.nodeId + ": " + st.getDescription()));
            }

            @Override
            public void onCompleted() {
                arrived(s, got);
            }
        });
    }

    private void arrived(Source s, List<GetResponse> got) {
        synchronized (this) {
            s.fetching = false;
            s.page.addAll(got);
            s.exhausted = got.size() < PAGE;
            if (!got.isEmpty()) {
                s.next = ScanStream.successor(got.get(got.size() - 1).getKey().toByteArray());
            }
        }
        pump();
    }

    private synchronized void failed(Status status) {
        if (!done) {
            done = true;
            out.onError(status.asRuntimeException());
        }
    }

    private void finish() {
        done = true;
        out.onCompleted();
    }

    private synchronized void cancel() {
        done = true;
    }

}
