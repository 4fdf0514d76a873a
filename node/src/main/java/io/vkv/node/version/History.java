package io.vkv.node.version;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The superseded versions of a key, kept inside its {@link KeyState}: a grow-only set of versions (each
 * write, identified by its number and dot) and a floor, a position in version order that only grows.
 * Merge is the union of the sets and the max of the floors, then drops every version under the floor;
 * {@link #bounded} then keeps the newest. Each step is a function of the union, so merge is commutative,
 * associative and idempotent and every replica keeps the same versions. Immutable and pure.
 */
public final class History {

    /** One version of a key: its number, the write's dot and hybrid time, and its value (null: a tombstone). */
    public record Version(long number, Dot dot, long hlc, byte[] value) {

        /** Oldest first: by number, then by dot, so that every replica orders equal numbers alike. */
        public static final Comparator<Version> ORDER = Comparator.comparingLong(Version::number).thenComparing(Version::dot);

        public Version {
            Objects.requireNonNull(dot, "dot");
            if (number < 0) {
                throw new IllegalArgumentException("version number must not be negative, got " + number);
            }
        }

        public boolean isTombstone() {
            return value == null;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Version v && number == v.number && hlc == v.hlc && dot.equals(v.dot) && Arrays.equals(value, v.value);
        }

        @Override
        public int hashCode() {
            return Objects.hash(number, dot, hlc) * 31 + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return number + "@" + dot + (value == null ? " (deleted)" : " (" + value.length + " B)");
        }
    }

    /**
     * Where a history's kept versions start: every version ordered before {@code (number, dot)} is gone;
     * a null dot comes before every dot of that number.
     */
    public record Floor(long number, Dot dot) implements Comparable<Floor> {

        /** Nothing dropped. */
        public static final Floor NONE = new Floor(0, null);

        @Override
        public int compareTo(Floor o) {
            int c = Long.compare(number, o.number);
            if (c != 0 || Objects.equals(dot, o.dot)) {
                return c;
            }
            return dot == null ? -1 : o.dot == null ? 1 : dot.compareTo(o.dot);
        }

        /** True when {@code v} is ordered before this floor. */
        boolean drops(Version v) {
            return v.number() < number || (v.number() == number && dot != null && v.dot().compareTo(dot) < 0);
        }
    }

    /** No versions, nothing dropped. */
    public static final History EMPTY = new History(List.of(), Floor.NONE);

    private final List<Version> versions; // ascending by ORDER, distinct, none under the floor
    private final Floor floor;

    private History(List<Version> versions, Floor floor) {
        this.versions = versions;
        this.floor = floor;
    }

    /** The history holding {@code versions} (any order) from {@code floor} on, bounded to the newest {@code maxVersions}. */
    public static History of(List<Version> versions, Floor floor, int maxVersions) {
        List<Version> sorted = new ArrayList<>(versions);
        sorted.sort(Version.ORDER);
        return EMPTY.join(sorted, floor).bounded(maxVersions);
    }

    /** The join of this history and {@code other}, keeping at most the newest {@code maxVersions}. */
    public History merge(History other, int maxVersions) {
        return merge(other).bounded(maxVersions);
    }

    /** The join of this history and {@code other}, unbounded (a store bounds what it keeps: {@link #bounded}). */
    public History merge(History other) {
        if (other == this || other == EMPTY) {
            return this;
        }
        return join(other.versions, other.floor);
    }

    /** This history with {@code more} (sorted by {@link Version#ORDER}) added, unbounded. */
    History addAll(List<Version> more) {
        return join(more, Floor.NONE);
    }

    /** This history with {@code version} added (kept only if it is not under the floor and among the newest {@code maxVersions}). */
    public History add(Version version, int maxVersions) {
        return join(List.of(version), Floor.NONE).bounded(maxVersions);
    }

    /** This history with its floor raised to {@code to} (kept if already higher): the versions under it go. */
    public History raiseFloor(Floor to) {
        return join(List.of(), to);
    }

    /**
     * The newest {@code maxVersions} versions (0: none; the floor stays). Bounding after each join drops
     * what bounding once after all of them would, so replicas that bound alike keep the same versions.
     */
    public History bounded(int maxVersions) {
        if (maxVersions < 0) {
            throw new IllegalArgumentException("history.max-versions must not be negative, got " + maxVersions);
        }
        if (versions.size() <= maxVersions) {
            return this;
        }
        // A view of the newest: the versions list is never modified, and the view keeps one array instead of copying it again.
        return new History(versions.subList(versions.size() - maxVersions, versions.size()), floor);
    }

    /** Both sides are sorted: one linear pass unites them, one version per (number, dot), and drops what the floor drops. */
    private History join(List<Version> more, Floor otherFloor) {
        Floor newFloor = floor.compareTo(otherFloor) >= 0 ? floor : otherFloor;
        if (more.isEmpty() && newFloor == floor) {
            return this;
        }
        List<Version> out = new ArrayList<>(versions.size() + more.size());
        int i = 0;
        int j = 0;
        boolean changed = newFloor != floor;
        while (i < versions.size() || j < more.size()) {
            Version next;
            boolean added; // whether `next` is not one of this history's versions
            if (j == more.size()) {
                next = versions.get(i++);
                added = false;
            } else if (i == versions.size()) {
                next = more.get(j++);
                added = true;
            } else {
                int c = Version.ORDER.compare(versions.get(i), more.get(j));
                if (c < 0) {
                    next = versions.get(i++);
                    added = false;
                } else if (c > 0) {
                    next = more.get(j++);
                    added = true;
                } else {
                    Version mine = versions.get(i++);
                    next = greater(mine, more.get(j++));
                    added = next != mine;
                }
            }
            if (newFloor.drops(next)) {
                continue;
            }
            Version last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && Version.ORDER.compare(last, next) == 0) { // the same version twice in `more`
                out.set(out.size() - 1, greater(last, next));
                changed |= added && out.get(out.size() - 1) != last;
                continue;
            }
            out.add(next);
            changed |= added;
        }
        if (!changed) {
            return this;
        }
        return out.isEmpty() && newFloor.equals(Floor.NONE) ? EMPTY : new History(Collections.unmodifiableList(out), newFloor);
    }

    /**
     * A dot names one write, so two versions with one dot are the same version; should they differ (a
     * corrupt or forged peer), the greater by hybrid time, then value wins, on every replica alike.
     */
    private static Version greater(Version a, Version b) {
        if (a.equals(b)) {
            return a;
        }
        int c = Long.compare(a.hlc(), b.hlc());
        if (c == 0) {
            c = Arrays.compare(a.value(), b.value()); // a null value (tombstone) sorts first
        }
        return c >= 0 ? a : b;
    }

    /** True when nothing is kept and nothing was ever dropped. */
    public boolean isEmpty() {
        return versions.isEmpty() && floor.equals(Floor.NONE);
    }

    /** The versions kept, oldest first. */
    public List<Version> versions() {
        return versions;
    }

    /** Versions ordered under it are gone for good. */
    public Floor floor() {
        return floor;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof History h && floor.equals(h.floor) && versions.equals(h.versions);
    }

    @Override
    public int hashCode() {
        return versions.hashCode() * 31 + floor.hashCode();
    }

    @Override
    public String toString() {
        return "History{floor=" + floor + ", " + versions + "}";
    }
}
