package io.vkv.node.version;

import java.util.Objects;

/**
 * The write rule, as one pure step: a coordinator's put or delete with the client's context, given the
 * key's current state, the dot it issued and the hybrid time it stamped. The node's write path and the
 * property tests both call it, so a bug in the rule fails a property (docs/architecture.md, "The write rule").
 */
public final class WriteStep {

    private WriteStep() {
    }

    /** What one write does: the write itself, the delta to log and ship, and the key's state after it. */
    public record Outcome(Sibling write, KeyState delta, KeyState next) {
    }

    /**
     * Applies a write of {@code value} ({@code null} for a delete) with the client's {@code context} to
     * {@code current}: the write becomes a sibling whose past is the context, the context's dots leave the
     * siblings, and everything else stays, so concurrent writes survive side by side.
     */
    public static Outcome apply(KeyState current, VersionVector context, byte[] value, Dot dot, long hlc) {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(context, "context");
        Sibling write = value == null ? Sibling.tombstone(dot, context, hlc) : Sibling.value(dot, context, value, hlc);
        KeyState delta = KeyState.ofWrite(write);
        return new Outcome(write, delta, current.merge(delta));
    }
}
