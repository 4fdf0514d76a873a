package io.vkv.node.version;

import java.util.Objects;

/**
 * The write rule, as pure steps: a coordinator's put or delete with the client's context, given the key's
 * current state, the dot it issued and the hybrid time it stamped; and a trim of the key's history. The
 * node's write path and the property tests both call them, so a bug in the rule fails a property
 * (docs/architecture.md, "The write rule").
 */
public final class WriteStep {

    private WriteStep() {
    }

    /** What one step does: the write itself (null for a trim, which writes nothing), the delta to log and ship, and the key's state after it. */
    public record Outcome(Sibling write, KeyState delta, KeyState next) {
    }

    /**
     * Applies a write of {@code value} ({@code null} for a delete) with the client's {@code context} to
     * {@code current}: the write becomes a sibling whose past is the context, the context's dots leave the
     * siblings (for the history), and everything else stays, so concurrent writes survive side by side.
     * Its version number is its hybrid millisecond, or one past every number the key has.
     */
    public static Outcome apply(KeyState current, VersionVector context, byte[] value, Dot dot, long hlc) {
        Sibling write = sibling(current, context, value, dot, hlc);
        KeyState delta = KeyState.ofWrite(write);
        return new Outcome(write, delta, current.merge(delta));
    }

    /**
     * A delete that also erases the key's history: a tombstone as {@link #apply} writes it, whose delta raises
     * the history's floor past the tombstone, so no version up to it can be read again on any replica.
     */
    public static Outcome erase(KeyState current, VersionVector context, Dot dot, long hlc) {
        Sibling write = sibling(current, context, null, dot, hlc);
        KeyState delta = KeyState.ofWrite(write).withFloor(new History.Floor(write.number() + 1, null));
        return new Outcome(write, delta, current.merge(delta));
    }

    /**
     * Keeps only the latest version (the live sibling with the greatest number): the floor rises to it, so
     * every version ordered before it goes, here and, once the delta arrives, on every replica.
     */
    public static Outcome trim(KeyState current) {
        Objects.requireNonNull(current, "current");
        Sibling latest = current.latest();
        KeyState delta = latest == null ? KeyState.EMPTY : KeyState.ofFloor(new History.Floor(latest.number(), latest.dot()));
        return new Outcome(null, delta, current.merge(delta));
    }

    private static Sibling sibling(KeyState current, VersionVector context, byte[] value, Dot dot, long hlc) {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(context, "context");
        long number = current.nextNumber(HybridTime.physicalMillis(hlc));
        return value == null ? Sibling.tombstone(dot, context, hlc, number) : Sibling.value(dot, context, value, hlc, number);
    }
}
