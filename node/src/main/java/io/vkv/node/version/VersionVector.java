package io.vkv.node.version;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** An immutable map from actors to counters; {@code covers(a, n)} iff {@code this[a] >= n}. */
public final class VersionVector {

    private static final Actor[] NO_ACTORS = new Actor[0];
    private static final long[] NO_COUNTERS = new long[0];

    /** The vector that covers nothing. */
    public static final VersionVector EMPTY = new VersionVector(NO_ACTORS, NO_COUNTERS);

    // Parallel arrays sorted by actor: compact (one vector per sibling is kept in memory) and fast to join.
    private final Actor[] actors;
    private final long[] counters;

    private VersionVector(Actor[] actors, long[] counters) {
        this.actors = actors;
        this.counters = counters;
    }

    /** Builds a vector from a map; zero counters are dropped, negative ones refused. */
    public static VersionVector of(Map<Actor, Long> entries) {
        SortedMap<Actor, Long> sorted = new TreeMap<>();
        for (Map.Entry<Actor, Long> e : entries.entrySet()) {
            long n = e.getValue();
            if (n < 0) {
                throw new IllegalArgumentException("version vector counter for " + e.getKey() + " is negative: " + n);
            }
            if (n > 0) {
                sorted.put(e.getKey(), n);
            }
        }
        if (sorted.isEmpty()) {
            return EMPTY;
        }
        Actor[] a = sorted.keySet().toArray(NO_ACTORS);
        long[] c = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            c[i] = sorted.get(a[i]);
        }
        return new VersionVector(a, c);
    }

    /**
     * A vector from parallel arrays whose actors are strictly ascending and counters positive
     * (checked); the arrays are owned by the vector from now on.
     */
    public static VersionVector ofSorted(Actor[] actors, long[] counters) {
        if (actors.length != counters.length) {
            throw new IllegalArgumentException("actors and counters differ in length: " + actors.length + " vs " + counters.length);
        }
        if (actors.length == 0) {
            return EMPTY;
        }
        for (int i = 0; i < actors.length; i++) {
            if (counters[i] < 1) {
                throw new IllegalArgumentException("version vector counter for " + actors[i] + " must be positive, got " + counters[i]);
            }
            if (i > 0 && actors[i - 1].compareTo(actors[i]) >= 0) {
                throw new IllegalArgumentException("version vector actors are not strictly ascending at " + actors[i]);
            }
        }
        return new VersionVector(actors, counters);
    }

    /** The vector that covers exactly the dots of {@code dot.actor()} up to {@code dot.counter()}. */
    public static VersionVector of(Dot dot) {
        return new VersionVector(new Actor[] {dot.actor()}, new long[] {dot.counter()});
    }

    /** The counter recorded for {@code actor}, 0 when absent. */
    public long get(Actor actor) {
        int i = Arrays.binarySearch(actors, actor);
        return i >= 0 ? counters[i] : 0;
    }

    /** True when this vector covers {@code dot}. */
    public boolean covers(Dot dot) {
        return get(dot.actor()) >= dot.counter();
    }

    /** True when every entry of {@code other} is covered by this vector. */
    public boolean descends(VersionVector other) {
        for (int i = 0; i < other.actors.length; i++) {
            if (get(other.actors[i]) < other.counters[i]) {
                return false;
            }
        }
        return true;
    }

    /** The pointwise maximum of the two vectors (their least upper bound). */
    public VersionVector join(VersionVector other) {
        if (other.actors.length == 0 || this == other) {
            return this;
        }
        if (actors.length == 0) {
            return other;
        }
        Actor[] a = new Actor[actors.length + other.actors.length];
        long[] c = new long[a.length];
        int i = 0;
        int j = 0;
        int n = 0;
        boolean thisDominates = true;
        boolean otherDominates = true;
        while (i < actors.length || j < other.actors.length) {
            int cmp = i == actors.length ? 1 : j == other.actors.length ? -1 : actors[i].compareTo(other.actors[j]);
            if (cmp < 0) {
                a[n] = actors[i];
                c[n++] = counters[i++];
                otherDominates = false;
            } else if (cmp > 0) {
                a[n] = other.actors[j];
                c[n++] = other.counters[j++];
                thisDominates = false;
            } else {
                long x = counters[i];
                long y = other.counters[j];
                if (x < y) {
                    thisDominates = false;
                } else if (y < x) {
                    otherDominates = false;
                }
                a[n] = actors[i];
                c[n++] = Math.max(x, y);
                i++;
                j++;
            }
        }
        // Reuse an input when it already is the join: keeps memory shared and avoids garbage.
        if (thisDominates) {
            return this;
        }
        if (otherDominates) {
            return other;
        }
        return new VersionVector(Arrays.copyOf(a, n), Arrays.copyOf(c, n));
    }

    /** This vector joined with the single dot. */
    public VersionVector with(Dot dot) {
        if (covers(dot)) {
            return this;
        }
        return join(of(dot));
    }

    /** True when this vector covers nothing. */
    public boolean isEmpty() {
        return actors.length == 0;
    }

    /** Number of actors with a counter. */
    public int size() {
        return actors.length;
    }

    /** The actor at position {@code i} in actor order. */
    public Actor actorAt(int i) {
        return actors[i];
    }

    /** The counter at position {@code i} in actor order. */
    public long counterAt(int i) {
        return counters[i];
    }

    /** The entries in actor order, as an unmodifiable map. */
    public Map<Actor, Long> toMap() {
        Map<Actor, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < actors.length; i++) {
            m.put(actors[i], counters[i]);
        }
        return Collections.unmodifiableMap(m);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VersionVector v && Arrays.equals(actors, v.actors) && Arrays.equals(counters, v.counters);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(actors) + Arrays.hashCode(counters);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < actors.length; i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(actors[i]).append('=').append(counters[i]);
        }
        return b.append('}').toString();
    }
}
