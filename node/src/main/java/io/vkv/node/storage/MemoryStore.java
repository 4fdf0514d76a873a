package io.vkv.node.storage;

import io.vkv.node.version.KeyState;
import io.vkv.node.version.WriteStep;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The in-memory replica: an ordered map from key to KeyState, safe for concurrent readers and
 * writers, keeping at most {@code history.max-versions} superseded versions per key. It does not
 * serialise writers of one key: callers that read-modify-write hold a lock.
 */
public final class MemoryStore {

    private final int historyMaxVersions;

    // Each key's state sits in a mutable cell, so that a write finds (or inserts) its key with one
    // search of the skip list, the dominant cost of a write among a million keys.
    private final ConcurrentSkipListMap<Key, Cell> states = new ConcurrentSkipListMap<>();
    private final AtomicLong size = new AtomicLong(); // ConcurrentSkipListMap.size() walks the whole map

    private static final class Cell {
        volatile KeyState state;

        Cell(KeyState state) {
            this.state = state;
        }
    }

    /** A store keeping at most {@code historyMaxVersions} superseded versions per key (0: none). */
    public MemoryStore(int historyMaxVersions) {
        if (historyMaxVersions < 0) {
            throw new IllegalArgumentException("history.max-versions must not be negative, got " + historyMaxVersions);
        }
        this.historyMaxVersions = historyMaxVersions;
    }

    /** The state of {@code key}, {@link KeyState#EMPTY} when absent. */
    public KeyState get(Key key) {
        Cell c = states.get(key);
        return c != null ? c.state : KeyState.EMPTY;
    }

    /** Sets the state of {@code key} (loading a snapshot); the caller holds the key's lock. */
    public void put(Key key, KeyState state) {
        state = state.boundHistory(historyMaxVersions);
        Cell c = states.putIfAbsent(key, new Cell(state));
        if (c == null) {
            size.incrementAndGet();
        } else {
            c.state = state;
        }
    }

    /**
     * Merges {@code delta} into the state of {@code key} and returns the new state; the caller holds
     * the key's lock (or is the single recovery thread).
     */
    public KeyState merge(Key key, KeyState delta) {
        KeyState next = mergeIfNew(key, delta);
        return next != null ? next : get(key);
    }

    /**
     * Merges {@code remote} into the state of {@code key} in one lookup and returns the new state, or
     * null when it adds nothing (the state is left as it was); the caller holds the key's lock.
     */
    public KeyState mergeIfNew(Key key, KeyState remote) {
        if (remote == KeyState.EMPTY) {
            return null;
        }
        KeyState bounded = remote.boundHistory(historyMaxVersions);
        Cell c = states.putIfAbsent(key, new Cell(bounded)); // a new key's state is the remote one: EMPTY.merge(r) == r
        if (c == null) {
            size.incrementAndGet();
            return bounded;
        }
        KeyState current = c.state;
        KeyState merged = current.merge(remote);
        KeyState next = merged.boundHistory(historyMaxVersions);
        if (merged == current || (next != merged && next.equals(current))) {
            return null; // nothing new, or only versions older than every one kept
        }
        c.state = next;
        return next;
    }

    /**
     * Runs {@code step} on the state of {@code key} and stores the outcome's new state, finding or placing
     * the key with one search of the map (a new key's cell holds EMPTY until the step returns, which reads
     * as absent); the caller holds the key's lock.
     */
    public WriteStep.Outcome write(Key key, Function<KeyState, WriteStep.Outcome> step) {
        Cell fresh = new Cell(KeyState.EMPTY);
        Cell c = states.putIfAbsent(key, fresh);
        if (c != null) {
            WriteStep.Outcome outcome = bounded(step.apply(c.state));
            c.state = outcome.next();
            return outcome;
        }
        WriteStep.Outcome outcome;
        try {
            outcome = bounded(step.apply(KeyState.EMPTY));
        } catch (RuntimeException e) {
            states.remove(key, fresh);
            throw e;
        }
        fresh.state = outcome.next();
        size.incrementAndGet();
        return outcome;
    }

    private WriteStep.Outcome bounded(WriteStep.Outcome o) {
        KeyState next = o.next().boundHistory(historyMaxVersions);
        return next == o.next() ? o : new WriteStep.Outcome(o.write(), o.delta(), next);
    }

    /** Forgets {@code key}; the caller holds the key's lock. */
    public void remove(Key key) {
        if (states.remove(key) != null) {
            size.decrementAndGet();
        }
    }

    /** Entries with keys in {@code [from, to)} in order, at most {@code limit}; null bounds are open. */
    public List<ReplicaStore.Entry> scan(Key from, Key to, int limit) {
        NavigableMap<Key, Cell> range;
        if (from == null && to == null) {
            range = states;
        } else if (from == null) {
            range = states.headMap(to, false);
        } else if (to == null) {
            range = states.tailMap(from, true);
        } else if (from.compareTo(to) >= 0) {
            return List.of();
        } else {
            range = states.subMap(from, true, to, false);
        }
        List<ReplicaStore.Entry> out = new ArrayList<>(Math.min(limit, 1024));
        Iterator<Map.Entry<Key, Cell>> it = range.entrySet().iterator();
        while (out.size() < limit && it.hasNext()) {
            Map.Entry<Key, Cell> e = it.next();
            out.add(new ReplicaStore.Entry(e.getKey(), e.getValue().state));
        }
        return out;
    }

    /** A weakly consistent view of every entry in key order (snapshots iterate it while writes go on). */
    public Iterable<Map.Entry<Key, KeyState>> entries() {
        return () -> new Iterator<>() {
            private final Iterator<Map.Entry<Key, Cell>> cells = states.entrySet().iterator();

            @Override
            public boolean hasNext() {
                return cells.hasNext();
            }

            @Override
            public Map.Entry<Key, KeyState> next() {
                Map.Entry<Key, Cell> e = cells.next();
                return new AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue().state);
            }
        };
    }

    /** Number of keys. */
    public long size() {
        return size.get();
    }
}
