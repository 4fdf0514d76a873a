package io.vkv.cli;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.vkv.proto.v1.GetRequest;
import io.vkv.proto.v1.GetResponse;
import io.vkv.proto.v1.KeyValueGrpc;
import io.vkv.proto.v1.PutRequest;
import io.vkv.proto.v1.PutResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One load run against one node: keeps {@code inFlight} asynchronous calls outstanding (a semaphore
 * permit each) until the duration or the operation count is reached, and records each call's latency.
 * Writes carry the last context seen for their key, as a real client would, so siblings do not pile up.
 */
final class BenchRun {

    /** What each call does. */
    enum Mode { PUT, GET, PUTMANY }

    /** How the run is shaped; {@code ops} of 0 means "until the duration ends"; {@code r} and {@code w} of 0, the node's quorums. */
    record Settings(Mode mode, int inFlight, Duration duration, long ops, int valueSize, int keys, int batch, Duration timeout, int r, int w) {
    }

    /** What was measured: latencies in microseconds per call (per batch for PUTMANY). */
    record Result(long ops, long calls, long errors, Duration elapsed, Histogram latencyMicros, String firstError) {

        double opsPerSecond() {
            return elapsed.isZero() ? 0 : ops * 1e9 / elapsed.toNanos();
        }
    }

    /** One slice of a run, about a second long: {@code at} is when it ended, counted from the start of the run. */
    record Second(Duration at, Duration length, long ops, Histogram latencyMicros) {

        double opsPerSecond() {
            return length.isZero() ? 0 : ops * 1e9 / length.toNanos();
        }
    }

    /** Told about each second of a run while it runs; returns false to end the run early. */
    interface Ticks {
        Ticks NONE = second -> true;

        boolean second(Second second);
    }

    private final BenchTargets targets;
    private final Settings settings;
    private final ByteString[] keys;
    private final AtomicReferenceArray<ByteString> contexts;
    private final ByteString value;
    private final Semaphore slots;
    private final Histogram latency = new ConcurrentHistogram(3);
    private final Recorder latencyThisSecond = new Recorder(3);
    private final AtomicLong doneOps = new AtomicLong();
    private final AtomicLong doneCalls = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private volatile boolean stopped;
    private long lastTick;
    private long opsAtLastTick;

    BenchRun(BenchTargets targets, Settings settings) {
        this.targets = targets;
        this.settings = settings;
        this.keys = new ByteString[settings.keys()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = key(i);
        }
        this.contexts = new AtomicReferenceArray<>(settings.keys());
        byte[] v = new byte[settings.valueSize()];
        Arrays.fill(v, (byte) 'x');
        this.value = ByteString.copyFrom(v);
        this.slots = new Semaphore(settings.inFlight());
    }

    /** The key of index {@code i}: fixed width so that byte order is numeric order. */
    static ByteString key(int i) {
        return ByteString.copyFrom(String.format("bench-%08d", i), StandardCharsets.US_ASCII);
    }

    /** Remembers the context of key {@code i} (from a prefill, for example). */
    void context(int i, ByteString context) {
        contexts.set(i, context);
    }

    Result run() throws InterruptedException {
        return run(Ticks.NONE);
    }

    /** Runs, telling {@code ticks} about each second (and the last, shorter one) from a timer thread. */
    Result run(Ticks ticks) throws InterruptedException {
        long opsPerCall = settings.mode() == Mode.PUTMANY ? settings.batch() : 1;
        long start = System.nanoTime();
        long end = start + settings.duration().toNanos();
        lastTick = start;
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vkv-bench-ticks");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> tick(ticks, start), 1, 1, TimeUnit.SECONDS);
        try {
            long issued = 0;
            while (!stopped && (settings.ops() == 0 || issued < settings.ops()) && System.nanoTime() < end) {
                // Stop issuing once the node has failed every call so far: it is down, not slow.
                if (errors.get() > 0 && doneCalls.get() == 0) {
                    break;
                }
                // A bounded wait, so that a stalled node does not hold the run past its end or an early stop.
                if (slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    issue(System.nanoTime());
                    issued += opsPerCall;
                }
            }
            slots.acquire(settings.inFlight());
            slots.release(settings.inFlight());
        } finally {
            timer.shutdownNow();
            timer.awaitTermination(5, TimeUnit.SECONDS);
        }
        long elapsed = System.nanoTime() - start;
        if (doneOps.get() > opsAtLastTick) {
            tick(ticks, start);
        }
        return new Result(doneOps.get(), doneCalls.get(), errors.get(), Duration.ofNanos(elapsed), latency, firstError.get());
    }

    private synchronized void tick(Ticks ticks, long start) {
        long now = System.nanoTime();
        long ops = doneOps.get();
        Second second = new Second(Duration.ofNanos(now - start), Duration.ofNanos(now - lastTick), ops - opsAtLastTick,
                latencyThisSecond.getIntervalHistogram());
        lastTick = now;
        opsAtLastTick = ops;
        if (!ticks.second(second)) {
            stopped = true;
        }
    }

    private KeyValueGrpc.KeyValueStub withDeadline(KeyValueGrpc.KeyValueStub stub) {
        return stub.withDeadlineAfter(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void issue(long t0) {
        switch (settings.mode()) {
            case PUT -> {
                int k = ThreadLocalRandom.current().nextInt(settings.keys());
                withDeadline(targets.stub(k)).put(putRequest(k), new Single<>(t0, (PutResponse r) -> contexts.set(k, r.getContext())));
            }
            case GET -> {
                int k = ThreadLocalRandom.current().nextInt(settings.keys());
                withDeadline(targets.stub(k)).get(GetRequest.newBuilder().setKey(keys[k]).setR(settings.r()).build(), new Single<>(t0, (GetResponse r) -> { }));
            }
            case PUTMANY -> {
                int[] batch = ThreadLocalRandom.current().ints(settings.batch(), 0, settings.keys()).toArray();
                StreamObserver<PutRequest> requests = withDeadline(targets.node()).putMany(new Batch(t0, batch));
                for (int k : batch) {
                    requests.onNext(putRequest(k));
                }
                requests.onCompleted();
            }
        }
    }

    private PutRequest putRequest(int k) {
        ByteString context = contexts.get(k);
        return PutRequest.newBuilder().setKey(keys[k]).setValue(value).setContext(context == null ? ByteString.EMPTY : context)
                .setW(settings.w()).build();
    }

    private void succeeded(long t0, long ops) {
        long micros = Math.max(1, (System.nanoTime() - t0) / 1000);
        latency.recordValue(micros);
        latencyThisSecond.recordValue(micros);
        doneOps.addAndGet(ops);
        doneCalls.incrementAndGet();
        slots.release();
    }

    private void failed(Throwable t) {
        errors.incrementAndGet();
        Status s = Status.fromThrowable(t);
        firstError.compareAndSet(null, s.getCode() + (s.getDescription() == null ? "" : ": " + s.getDescription()));
        slots.release();
    }

    /** Completes a unary call. */
    private final class Single<R> implements StreamObserver<R> {
        private final long t0;
        private final Consumer<R> onResponse;

        Single(long t0, Consumer<R> onResponse) {
            this.t0 = t0;
            this.onResponse = onResponse;
        }

        @Override
        public void onNext(R response) {
            onResponse.accept(response);
        }

        @Override
        public void onError(Throwable t) {
            failed(t);
        }

        @Override
        public void onCompleted() {
            succeeded(t0, 1);
        }
    }

    /** Completes a PutMany stream, keeping each key's new context. */
    private final class Batch implements StreamObserver<PutResponse> {
        private final long t0;
        private final int[] batchKeys;
        private int answered;

        Batch(long t0, int[] batchKeys) {
            this.t0 = t0;
            this.batchKeys = batchKeys;
        }

        @Override
        public void onNext(PutResponse response) {
            contexts.set(batchKeys[answered++], response.getContext());
        }

        @Override
        public void onError(Throwable t) {
            failed(t);
        }

        @Override
        public void onCompleted() {
            succeeded(t0, batchKeys.length);
        }
    }
}
