package io.vkv.node.shipping;

import java.util.Map;
import java.util.TreeMap;

/**
 * Puts one partition's local changes back in counter order before they are shipped. Dots are
 * issued under per-key locks, so two writes to different keys of a partition can become durable
 * (and reach the change listener) in the opposite order of their counters. Receivers detect gaps
 * by counter spans, so the sender must ship counter {@code n+1} only after {@code n}: a change
 * that arrives early is held until the ones before it arrive.
 *
 * <p>A counter may never arrive (its write failed, or its change was dropped on overflow). After
 * {@link #expire} finds a change held longer than the hold time, or after {@link #reset}, the
 * sequencer breaks the span (the batch in progress is closed) and carries on from the next counter
 * it has: receivers then see the gap and repair it by anti-entropy. A change that arrives after its
 * counter was given up is shipped alone ({@link Sink#late}). Single-threaded.
 */
public final class PartitionSequencer<C> {

    /** Where changes go once they are in order. */
    interface Sink<C> {
        /** {@code change} is the next counter of the current span. */
        void next(C change, long counter);

        /** The current span ends here: the next change starts a new one. */
        void breakSpan();

        /** {@code change} arrived after its counter was given up: ship it on its own. */
        void late(C change, long counter);
    }

    private long next; // the counter expected next; 0 = none yet (the first change sets it)
    private final TreeMap<Long, C> held = new TreeMap<>();
    private long heldSince; // nanoTime when the oldest held change arrived

    /** Takes the change that carries {@code counter}, arriving at {@code now} (nanoTime). */
    void offer(C change, long counter, long now, Sink<C> sink) {
        if (next == 0) {
            next = counter;
        }
        if (counter < next) {
            sink.late(change, counter);
            return;
        }
        if (counter > next) {
            if (held.isEmpty()) {
                heldSince = now;
            }
            held.put(counter, change);
            return;
        }
        sink.next(change, counter);
        next++;
        drain(now, sink);
    }

    /** Gives up on the missing counters if a change has been held for {@code holdNanos} or more. */
    void expire(long now, long holdNanos, Sink<C> sink) {
        if (!held.isEmpty() && now - heldSince >= holdNanos) {
            skipToHeld(now, sink);
        }
    }

    /** The counter the held changes wait for (meaningful only while {@link #holding()}). */
    long missing() {
        return next;
    }

    /** Stops waiting for the missing counter at once (it is known to be lost): ships what follows it. */
    void giveUp(long now, Sink<C> sink) {
        if (!held.isEmpty()) {
            skipToHeld(now, sink);
        }
    }

    /** Some change of this partition was lost before reaching the sequencer: ship what is held, then restart. */
    void reset(long now, Sink<C> sink) {
        while (!held.isEmpty()) {
            skipToHeld(now, sink);
        }
        sink.breakSpan();
        next = 0;
    }

    /** True while changes wait for an earlier counter. */
    boolean holding() {
        return !held.isEmpty();
    }

    /** When the oldest held change arrived (nanoTime); meaningful only while {@link #holding()}. */
    long heldSince() {
        return heldSince;
    }

    private void skipToHeld(long now, Sink<C> sink) {
        sink.breakSpan();
        next = held.firstKey();
        drain(now, sink);
    }

    private void drain(long now, Sink<C> sink) {
        Map.Entry<Long, C> e;
        while ((e = held.firstEntry()) != null && e.getKey() == next) {
            held.pollFirstEntry();
            sink.next(e.getValue(), next);
            next++;
        }
        if (!held.isEmpty()) {
            heldSince = now; // the remaining changes start waiting for the new gap
        }
    }
}
