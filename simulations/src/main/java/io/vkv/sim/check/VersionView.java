package io.vkv.sim.check;

import io.vkv.sim.history.Dot;
import java.util.Objects;

/** One version a node keeps for a key (superseded or live): its number and the dot of the write. Written {@code number#dot}. */
public record VersionView(long number, Dot dot) {

    public VersionView {
        Objects.requireNonNull(dot, "dot");
        if (number < 0) {
            throw new IllegalArgumentException("a version number is not negative, got " + number);
        }
    }

    /** Parses {@code number#dot}. */
    public static VersionView parse(String text) {
        int hash = text.indexOf('#');
        if (hash < 0) {
            throw new IllegalArgumentException("a version looks like number#dot, got '" + text + "'");
        }
        try {
            return new VersionView(Long.parseLong(text.substring(0, hash)), Dot.parse(text.substring(hash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a version number is a whole number, got '" + text.substring(0, hash) + "'");
        }
    }

    @Override
    public String toString() {
        return number + "#" + dot;
    }
}
