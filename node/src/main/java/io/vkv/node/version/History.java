package io.vkv.node.version;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A key's history as a lattice beside its {@link KeyState}: a grow-only set of versions (each write,
 * identified by its dot) and a floor, a position in version order that only grows. Merge is the union of
 * the sets and the max of the floors, then drops every version under the floor and, past
 * {@code maxVersions}, the oldest;
 * each step is a function of the union, so merge is commutative, associative and idempotent and every
 * replica keeps the same versions. Versions are ordered by number, then dot. Immutable and pure.
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

    private final List<Version> versions; // ascending by ORDER, distinct dots, none under the floor
    private final Floor floor;

    private History(List<Version> versions, Floor floor) {
        this.versions = versions;
        this.floor = floor;
    }

    /** The history holding {@code versions} (any order) from {@code floor} on, bounded to the newest {@code maxVersions}. */
    public static History of(List<Version> versions, Floor floor, int maxVersions) {
        return EMPTY.join(versions, floor, maxVersions);
    }

    /** The join of this history and {@code other}, keeping at most the newest {@code maxVersions}. */
    public History merge(History other, int maxVersions) {
        return join(other.versions, other.floor, maxVersions);
    }

    /** This history with {@code version} added (kept only if it is not under the floor and among the newest {@code maxVersions}). */
    public History add(Version version, int maxVersions) {
        return join(List.of(version), Floor.NONE, maxVersions);
    }

    private History join(List<Version> more, Floor otherFloor, int maxVersions) {
        if (maxVersions < 1) {
            throw new IllegalArgumentException("history.max-versions must be at least 1, got " + maxVersions);
        }
        Floor newFloor = floor.compareTo(otherFloor) >= 0 ? floor : otherFloor;
        Map<Dot, Version> byDot = new HashMap<>();
        for (Version v : versions) {
            byDot.put(v.dot(), v);
        }
        for (Version v : more) {
            byDot.merge(v.dot(), v, History::greater);
        }
        List<Version> kept = new ArrayList<>(byDot.size());
        for (Version v : byDot.values()) {
            if (!newFloor.drops(v)) {
                kept.add(v);
            }
        }
        kept.sort(Version.ORDER);
        List<Version> bounded = kept.size() > maxVersions ? kept.subList(kept.size() - maxVersions, kept.size()) : kept;
        if (newFloor.equals(floor) && bounded.equals(versions)) {
            return this;
        }
        return new History(List.copyOf(bounded), newFloor);
    }

    /**
     * A dot names one write, so two versions with one dot are the same version; should they differ (a
     * corrupt or forged peer), the greater by number, hybrid time, then value wins, on every replica alike.
     */
    private static Version greater(Version a, Version b) {
        int c = Long.compare(a.number(), b.number());
        if (c == 0) {
            c = Long.compare(a.hlc(), b.hlc());
        }
        if (c == 0) {
            c = Arrays.compare(a.value(), b.value()); // a null value (tombstone) sorts first
        }
        return c >= 0 ? a : b;
    }

    /** Keeps only the newest version: the floor rises to it. */
    public History trim() {
        return versions.isEmpty() ? this : new History(List.of(newest()), new Floor(newest().number(), newest().dot()));
    }

    /** Forgets every version: the floor rises past the newest number, so copies of them elsewhere go on merge too. */
    public History clear() {
        return versions.isEmpty() ? this : new History(List.of(), new Floor(newest().number() + 1, null));
    }

    /** The number a new write gets: its hybrid time's millis, or one past the newest (at least the floor) when that is not more. */
    public long nextNumber(long hlcMillis) {
        long after = versions.isEmpty() ? floor.number() : Math.max(floor.number(), newest().number() + 1);
        return Math.max(hlcMillis, after);
    }

    /** The version in force at {@code number}: the newest numbered at or below it (a tombstone says deleted), if kept. */
    public Optional<Version> at(long number) {
        for (int i = versions.size() - 1; i >= 0; i--) {
            if (versions.get(i).number() <= number) {
                return Optional.of(versions.get(i));
            }
        }
        return Optional.empty();
    }

    /** The versions kept, oldest first. */
    public List<Version> versions() {
        return versions;
    }

    /** Versions ordered under it are gone for good. */
    public Floor floor() {
        return floor;
    }

    private Version newest() {
        return versions.get(versions.size() - 1);
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
