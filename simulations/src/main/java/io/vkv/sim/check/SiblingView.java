package io.vkv.sim.check;

import io.vkv.sim.history.Dot;
import io.vkv.sim.history.Vv;
import java.util.Objects;

/**
 * One sibling as a node returned it: the write's dot, its value (null for a tombstone) and its clock.
 * Written {@code dot/value/clock}, with {@code ~} for a tombstone's value.
 */
public record SiblingView(Dot dot, String value, Vv clock) {

    public SiblingView {
        Objects.requireNonNull(dot, "dot");
        Objects.requireNonNull(clock, "clock");
        if (clock.get(dot.actor()) != dot.counter()) {
            throw new IllegalArgumentException("sibling " + dot + " has clock " + clock + ": a clock holds its sibling's own dot");
        }
    }

    public boolean deleted() {
        return value == null;
    }

    /** Parses {@code dot/value/clock}. */
    public static SiblingView parse(String text) {
        String[] f = text.split("/", -1);
        if (f.length != 3) {
            throw new IllegalArgumentException("a sibling looks like dot/value/clock, got '" + text + "'");
        }
        return new SiblingView(Dot.parse(f[0]), f[1].equals("~") ? null : f[1], Vv.parse(f[2]));
    }

    /** {@code value} or {@code (deleted)}, then the dot: how verdicts name a sibling. */
    public String describe() {
        return (value == null ? "(deleted)" : value) + " " + dot;
    }

    @Override
    public String toString() {
        return dot + "/" + (value == null ? "~" : value) + "/" + clock;
    }
}
