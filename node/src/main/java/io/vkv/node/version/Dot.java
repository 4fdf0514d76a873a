package io.vkv.node.version;

import java.util.Objects;

/** The name of one write: the actor that coordinated it and that actor's counter for the partition. */
public record Dot(Actor actor, long counter) implements Comparable<Dot> {

    public Dot {
        Objects.requireNonNull(actor, "actor");
        if (counter < 1) {
            throw new IllegalArgumentException("dot counters start at 1, got " + counter);
        }
    }

    @Override
    public int compareTo(Dot o) {
        int c = actor.compareTo(o.actor);
        return c != 0 ? c : Long.compare(counter, o.counter);
    }

    @Override
    public String toString() {
        return "(" + actor + "," + counter + ")";
    }
}
