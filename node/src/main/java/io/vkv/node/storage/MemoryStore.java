package io.vkv.node.storage;

import io.vkv.node.version.KeyState;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-memory replica: an ordered map from key to KeyState, safe for concurrent readers and
 * writers. It does not serialise writers of one key: callers that read-modify-write hold a lock.
 */
public final class MemoryStore {

    private final ConcurrentSkipListMap<Key, KeyState> states = new ConcurrentSkipListMap<>();
    private final AtomicLong size = new AtomicLong(); // ConcurrentSkipListMap.size() walks the whole map

    /** The state of {@code key}, {@link KeyState#EMPTY} when absent. */
    public KeyState get(Key key) {
        KeyState s = states.get(key);
        return s != null ? s : KeyState.EMPTY;
    }

    /** Replaces the state of {@code key}. */
    public void put(Key key, KeyState state) {
        if (states.put(key, state) == null) {
            size.incrementAndGet();
        }
    }

    /** Merges {@code delta} into {@code key} without any lock: only for single-threaded recovery. */
    public KeyState mergeUnlocked(Key key, KeyState delta) {
        KeyState next = get(key).merge(delta);
        put(key, next);
        return next;
    }

    /** Entries with keys in {@code [from, to)} in order, at most {@code limit}; null bounds are open. */
    public List<Store.Entry> scan(Key from, Key to, int limit) {
        NavigableMap<Key, KeyState> range;
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
        List<Store.Entry> out = new ArrayList<>(Math.min(limit, 1024));
        Iterator<Map.Entry<Key, KeyState>> it = range.entrySet().iterator();
        while (out.size() < limit && it.hasNext()) {
            Map.Entry<Key, KeyState> e = it.next();
            out.add(new Store.Entry(e.getKey(), e.getValue()));
        }
        return out;
    }

    /** A weakly consistent view of every entry in key order (snapshots iterate it while writes go on). */
    public Iterable<Map.Entry<Key, KeyState>> entries() {
        return states.entrySet();
    }

    /** Number of keys. */
    public long size() {
        return size.get();
    }
}
