package io.vkv.node.version;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The state of one key on one replica: the writes received and not obsoleted ({@code siblings}), the
 * join of the {@code past} of every write received ({@code covered}), and the key's superseded versions
 * ({@code history}: a sibling that a merge finds covered moves there). {@link #merge} is commutative,
 * associative and idempotent: replication, log replay and anti-entropy are all this one function.
 */
public final class KeyState {

    private static final Sibling[] NO_SIBLINGS = new Sibling[0];
    private static final Comparator<Sibling> BY_DOT = Comparator.comparing(Sibling::dot);

    /** The state of a key nobody wrote. */
    public static final KeyState EMPTY = new KeyState(NO_SIBLINGS, VersionVector.EMPTY, History.EMPTY);

    private final Sibling[] siblings; // sorted by dot, none covered by `covered`
    private final VersionVector covered;
    private final History history; // versions covered by `covered`: none of them is a sibling

    private KeyState(Sibling[] siblings, VersionVector covered, History history) {
        this.siblings = siblings;
        this.covered = covered;
        this.history = history;
    }

    /**
     * Builds a state from parts, normalising it: siblings sorted by dot, one per dot, and the ones
     * {@code covered} covers dropped. Two siblings with the same dot and different contents are refused.
     */
    public static KeyState of(List<Sibling> siblings, VersionVector covered) {
        return of(siblings, covered, History.EMPTY);
    }

    /** The same, with the key's superseded versions {@code history}. */
    public static KeyState of(List<Sibling> siblings, VersionVector covered, History history) {
        Objects.requireNonNull(covered, "covered");
        Objects.requireNonNull(history, "history");
        Sibling[] sorted = siblings.toArray(NO_SIBLINGS);
        Arrays.sort(sorted, BY_DOT);
        List<Sibling> kept = new ArrayList<>(sorted.length);
        Sibling previous = null; // compare with the previous input, not the previous kept: covered ones are checked too
        for (Sibling s : sorted) {
            if (previous != null && previous.dot().equals(s.dot())) {
                requireSameWrite(previous, s);
                continue;
            }
            previous = s;
            if (!covered.covers(s.dot())) {
                kept.add(s);
            }
        }
        return kept.isEmpty() && covered.isEmpty() && history.isEmpty() ? EMPTY
                : new KeyState(kept.toArray(NO_SIBLINGS), covered, history);
    }

    /** A state that only raises the history's floor to {@code floor}: the delta of a trim. */
    public static KeyState ofFloor(History.Floor floor) {
        History h = History.EMPTY.raiseFloor(floor);
        return h.isEmpty() ? EMPTY : new KeyState(NO_SIBLINGS, VersionVector.EMPTY, h);
    }

    /** The delta of one write: the write as the only sibling, and its past as what it covers. */
    public static KeyState ofWrite(Sibling write) {
        if (write.past().covers(write.dot())) {
            return write.past().isEmpty() ? EMPTY : new KeyState(NO_SIBLINGS, write.past(), History.EMPTY); // obsolete on arrival
        }
        return new KeyState(new Sibling[] {write}, write.past(), History.EMPTY);
    }

    /** This state whose history also drops every version under {@code floor}. */
    public KeyState withFloor(History.Floor floor) {
        History h = history.raiseFloor(floor);
        return h == history ? this : new KeyState(siblings, covered, h);
    }

    /**
     * The join of two states: {@code covered' = a ⊔ b}, siblings of either side not covered by it, and the
     * union of both histories with the siblings it covers. Histories are not bounded here: see {@link #boundHistory}.
     */
    public KeyState merge(KeyState other) {
        if (other == this || other == EMPTY) {
            return this;
        }
        if (this == EMPTY) {
            return other;
        }
        VersionVector joined = covered.join(other.covered);
        Sibling[] a = siblings;
        Sibling[] b = other.siblings;
        Sibling[] out = new Sibling[a.length + b.length];
        int i = 0;
        int j = 0;
        int n = 0;
        List<History.Version> superseded = null;
        while (i < a.length || j < b.length) {
            Sibling next;
            if (j == b.length) {
                next = a[i++];
            } else if (i == a.length) {
                next = b[j++];
            } else {
                int cmp = a[i].dot().compareTo(b[j].dot());
                if (cmp < 0) {
                    next = a[i++];
                } else if (cmp > 0) {
                    next = b[j++];
                } else {
                    requireSameWrite(a[i], b[j]);
                    next = a[i++];
                    j++;
                }
            }
            if (!joined.covers(next.dot())) {
                out[n++] = next;
            } else {
                if (superseded == null) {
                    superseded = new ArrayList<>(2);
                }
                superseded.add(next.version());
            }
        }
        History h = history.merge(other.history);
        if (superseded != null) {
            superseded.sort(History.Version.ORDER);
            h = h.addAll(superseded);
        }
        if (joined == covered && h == history && n == a.length && sameDots(out, a, n)) {
            return this; // nothing new: keep the existing instance (cheap idempotent replays)
        }
        return new KeyState(n == out.length ? out : Arrays.copyOf(out, n), joined, h);
    }

    /** This state keeping only the newest {@code maxVersions} superseded versions (what a store applies after each merge). */
    public KeyState boundHistory(int maxVersions) {
        History h = history.bounded(maxVersions);
        return h == history ? this : new KeyState(siblings, covered, h);
    }

    private static boolean sameDots(Sibling[] out, Sibling[] a, int n) {
        for (int k = 0; k < n; k++) {
            if (out[k] != a[k]) {
                return false;
            }
        }
        return true;
    }

    private static void requireSameWrite(Sibling x, Sibling y) {
        if (!x.equals(y)) {
            // One dot names one write; two different contents mean a reissued dot, which the invariant forbids.
            throw new IllegalStateException("dot " + x.dot() + " names two different writes: " + x + " and " + y);
        }
    }

    /** The live writes, sorted by dot. */
    public List<Sibling> siblings() {
        return Collections.unmodifiableList(Arrays.asList(siblings));
    }

    /** Number of siblings (values and tombstones). */
    public int siblingCount() {
        return siblings.length;
    }

    /** The key's superseded versions and the floor under which versions are gone. */
    public History history() {
        return history;
    }

    /** Every version kept, superseded and live, oldest first by number then dot. */
    public List<History.Version> versions() {
        List<History.Version> all = new ArrayList<>(history.versions().size() + siblings.length);
        all.addAll(history.versions());
        for (Sibling s : siblings) {
            all.add(s.version());
        }
        all.sort(History.Version.ORDER);
        return all;
    }

    /** The live sibling with the greatest number (then dot): what "latest" means to APIs that see one value; null when none. */
    public Sibling latest() {
        Sibling best = null;
        for (Sibling s : siblings) {
            if (best == null || s.number() > best.number() || (s.number() == best.number() && s.dot().compareTo(best.dot()) > 0)) {
                best = s;
            }
        }
        return best;
    }

    /** The version in force at {@code number}: the newest kept numbered at or below it (a tombstone says deleted). */
    public Optional<History.Version> at(long number) {
        History.Version best = null;
        for (History.Version v : history.versions()) {
            if (v.number() <= number) {
                best = v; // ascending: the last one at or below wins
            }
        }
        for (Sibling s : siblings) {
            if (s.number() <= number && (best == null || History.Version.ORDER.compare(s.version(), best) > 0)) {
                best = s.version();
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * The number a write issued now gets: its hybrid millisecond {@code hlcMillis}, or, when that is not more,
     * one past every number the key has (live, superseded, or under the floor).
     */
    public long nextNumber(long hlcMillis) {
        long after = history.floor().number();
        List<History.Version> old = history.versions();
        if (!old.isEmpty()) {
            after = Math.max(after, old.get(old.size() - 1).number() + 1);
        }
        for (Sibling s : siblings) {
            after = Math.max(after, s.number() + 1);
        }
        return Math.max(hlcMillis, after);
    }

    /** The join of the past of every write received. */
    public VersionVector covered() {
        return covered;
    }

    /** The context a read returns: {@code covered} joined with the dots of the siblings. */
    public VersionVector context() {
        VersionVector c = covered;
        for (Sibling s : siblings) {
            c = c.with(s.dot());
        }
        return c;
    }

    /** True when no write holds a value: the key reads as not found. */
    public boolean isDeleted() {
        for (Sibling s : siblings) {
            if (!s.isTombstone()) {
                return false;
            }
        }
        return true;
    }

    /** The siblings that hold values (tombstones left out). */
    public List<Sibling> values() {
        List<Sibling> out = new ArrayList<>(siblings.length);
        for (Sibling s : siblings) {
            if (!s.isTombstone()) {
                out.add(s);
            }
        }
        return out;
    }

    /** True when this state holds or covers {@code dot}. */
    public boolean holdsOrCovers(Dot dot) {
        if (covered.covers(dot)) {
            return true;
        }
        for (Sibling s : siblings) {
            if (s.dot().equals(dot)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyState k && covered.equals(k.covered) && Arrays.equals(siblings, k.siblings) && history.equals(k.history);
    }

    @Override
    public int hashCode() {
        return 31 * covered.hashCode() + Arrays.hashCode(siblings);
    }

    @Override
    public String toString() {
        return "KeyState{siblings=" + Arrays.toString(siblings) + ", covered=" + covered
                + (history.isEmpty() ? "" : ", history=" + history) + "}";
    }
}
