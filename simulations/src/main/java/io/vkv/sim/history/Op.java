package io.vkv.sim.history;

import java.util.Locale;
import java.util.Objects;

/**
 * One operation of a simulation's history, recorded when it completed.
 *
 * @param id          unique in the history, in order of completion
 * @param client      the workload client that issued it
 * @param node        the node it was sent to
 * @param key         the key it read or wrote
 * @param value       the value a put wrote (unique in the history); null for gets and deletes
 * @param context     the version vector of the context token a write was sent with (empty for a blind write and for gets)
 * @param startMillis when it was invoked, in milliseconds since the run started
 * @param endMillis   when its outcome was known
 * @param dot         the dot an acknowledged write was given; null otherwise
 * @param siblings    siblings a get saw or an acknowledged write left; -1 when unknown
 * @param error       why it failed or is unknown; null when acknowledged
 * @param version     the version number an acknowledged write was given; 0 otherwise (or when the history predates numbers)
 */
public record Op(long id, int client, String node, OpType type, String key, String value, Vv context,
                 long startMillis, long endMillis, Outcome outcome, Dot dot, int siblings, String error, long version) {

    /** An operation without a version number (a read, a failed write, or a history written before numbers). */
    public Op(long id, int client, String node, OpType type, String key, String value, Vv context,
              long startMillis, long endMillis, Outcome outcome, Dot dot, int siblings, String error) {
        this(id, client, node, type, key, value, context, startMillis, endMillis, outcome, dot, siblings, error, 0);
    }

    public Op {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(outcome, "outcome");
        if ((type == OpType.PUT) != (value != null)) {
            throw new IllegalArgumentException("op " + id + ": a put has a value and nothing else has, got " + type + " with " + value);
        }
        if (type.writes() && outcome == Outcome.OK && dot == null) {
            throw new IllegalArgumentException("op " + id + ": an acknowledged " + type + " must record its dot");
        }
        if (dot != null && !(type.writes() && outcome == Outcome.OK)) {
            throw new IllegalArgumentException("op " + id + ": only an acknowledged write has a dot");
        }
        if (version != 0 && dot == null) {
            throw new IllegalArgumentException("op " + id + ": only an acknowledged write has a version number");
        }
        if (endMillis < startMillis) {
            throw new IllegalArgumentException("op " + id + " ends (" + endMillis + ") before it starts (" + startMillis + ")");
        }
    }

    /** True for an acknowledged put or delete. */
    public boolean acknowledgedWrite() {
        return type.writes() && outcome == Outcome.OK;
    }

    /** True for a write that may have been applied: acknowledged or of unknown outcome. A failed write cannot explain anything. */
    public boolean mayHaveApplied() {
        return type.writes() && outcome != Outcome.FAILED;
    }

    /** A short description for verdicts: {@code put k3=c1-17 via n2 (op 42, acknowledged as n2@a1:7 at 3.120 s)}. */
    public String describe() {
        String what = type == OpType.PUT ? "put " + key + "=" + value : type.name().toLowerCase() + " " + key;
        String how = switch (outcome) {
            case OK -> type.writes() ? "acknowledged as " + dot : "answered";
            case FAILED -> "failed";
            case UNKNOWN -> "outcome unknown";
        };
        return what + " via " + node + " (op " + id + ", client " + client + ", " + how + " at " + seconds(endMillis)
                + " s, context " + context + ")";
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }
}
