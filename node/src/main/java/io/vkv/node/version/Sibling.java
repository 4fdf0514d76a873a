package io.vkv.node.version;

import java.util.Arrays;
import java.util.Objects;

/**
 * One write kept in a {@link KeyState}: its dot, the context it was written with ({@code past}),
 * its payload (a value, or a tombstone when {@code value} is null), its hybrid logical timestamp and its
 * version number (the number users of key history see: the write's hybrid millisecond, made greater than
 * every number the key had on the node that wrote it).
 */
public final class Sibling {

    private final Dot dot;
    private final VersionVector past;
    private final byte[] value;
    private final long hlc;
    private final long number;

    private Sibling(Dot dot, VersionVector past, byte[] value, long hlc, long number) {
        this.dot = Objects.requireNonNull(dot, "dot");
        this.past = Objects.requireNonNull(past, "past");
        if (number < 0) {
            throw new IllegalArgumentException("version number must not be negative, got " + number);
        }
        this.value = value;
        this.hlc = hlc;
        this.number = number;
    }

    /** A write of {@code value} numbered {@code number}; the array is owned by the sibling from now on. */
    public static Sibling value(Dot dot, VersionVector past, byte[] value, long hlc, long number) {
        return new Sibling(dot, past, Objects.requireNonNull(value, "value"), hlc, number);
    }

    /** A write of {@code value} numbered by its hybrid millisecond. */
    public static Sibling value(Dot dot, VersionVector past, byte[] value, long hlc) {
        return value(dot, past, value, hlc, HybridTime.physicalMillis(hlc));
    }

    /** A delete numbered {@code number}: a tombstone that still carries a dot and a context. */
    public static Sibling tombstone(Dot dot, VersionVector past, long hlc, long number) {
        return new Sibling(dot, past, null, hlc, number);
    }

    /** A delete numbered by its hybrid millisecond. */
    public static Sibling tombstone(Dot dot, VersionVector past, long hlc) {
        return tombstone(dot, past, hlc, HybridTime.physicalMillis(hlc));
    }

    public Dot dot() {
        return dot;
    }

    /** The causal context the client wrote with: what it had read. */
    public VersionVector past() {
        return past;
    }

    /** The clock shown to users: {@code past ⊔ {dot}}. */
    public VersionVector clock() {
        return past.with(dot);
    }

    /** The value bytes (not copied: callers must not modify them), or null for a tombstone. */
    public byte[] value() {
        return value;
    }

    public boolean isTombstone() {
        return value == null;
    }

    public long hlc() {
        return hlc;
    }

    /** The version number: identical on every replica, greater than every earlier number of the key where it was written. */
    public long number() {
        return number;
    }

    /** This write as a version of the key's history. */
    public History.Version version() {
        return new History.Version(number, dot, hlc, value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sibling s && dot.equals(s.dot) && hlc == s.hlc && number == s.number && past.equals(s.past) && Arrays.equals(value, s.value);
    }

    @Override
    public int hashCode() {
        return dot.hashCode();
    }

    @Override
    public String toString() {
        return dot + (value == null ? " tombstone" : " " + value.length + "B") + " past=" + past + " hlc=" + HybridTime.format(hlc) + " #" + number;
    }
}
