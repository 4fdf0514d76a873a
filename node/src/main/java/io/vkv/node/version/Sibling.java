package io.vkv.node.version;

import java.util.Arrays;
import java.util.Objects;

/**
 * One write kept in a {@link KeyState}: its dot, the context it was written with ({@code past}),
 * its payload (a value, or a tombstone when {@code value} is null) and its hybrid logical timestamp.
 */
public final class Sibling {

    private final Dot dot;
    private final VersionVector past;
    private final byte[] value;
    private final long hlc;

    private Sibling(Dot dot, VersionVector past, byte[] value, long hlc) {
        this.dot = Objects.requireNonNull(dot, "dot");
        this.past = Objects.requireNonNull(past, "past");
        this.value = value;
        this.hlc = hlc;
    }

    /** A write of {@code value}; the array is owned by the sibling from now on. */
    public static Sibling value(Dot dot, VersionVector past, byte[] value, long hlc) {
        return new Sibling(dot, past, Objects.requireNonNull(value, "value"), hlc);
    }

    /** A delete: a tombstone that still carries a dot and a context. */
    public static Sibling tombstone(Dot dot, VersionVector past, long hlc) {
        return new Sibling(dot, past, null, hlc);
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

    @Override
    public boolean equals(Object o) {
        return o instanceof Sibling s && dot.equals(s.dot) && hlc == s.hlc && past.equals(s.past) && Arrays.equals(value, s.value);
    }

    @Override
    public int hashCode() {
        return dot.hashCode();
    }

    @Override
    public String toString() {
        return dot + (value == null ? " tombstone" : " " + value.length + "B") + " past=" + past + " hlc=" + HybridTime.format(hlc);
    }
}
