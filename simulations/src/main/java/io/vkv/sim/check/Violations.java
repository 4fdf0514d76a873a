package io.vkv.sim.check;

import java.util.ArrayList;
import java.util.List;

/**
 * The violations a check collects: every one counted, the first {@link #KEPT} kept word for word (a broken build can
 * produce millions; the first ones say what is wrong), and a last line saying how many more there were.
 */
final class Violations {

    static final int KEPT = 1000;

    private final List<String> kept = new ArrayList<>();
    private long count;

    void add(String violation) {
        if (count++ < KEPT) {
            kept.add(violation);
        }
    }

    long count() {
        return count;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** The kept violations, and a closing line with the number left out. */
    List<String> list() {
        if (count <= KEPT) {
            return List.copyOf(kept);
        }
        List<String> out = new ArrayList<>(kept);
        out.add("... and " + (count - KEPT) + " more of the same kind");
        return out;
    }
}
