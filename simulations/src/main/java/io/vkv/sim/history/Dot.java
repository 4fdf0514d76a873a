package io.vkv.sim.history;

import java.util.Objects;

/**
 * One write's name as the API reports it: the actor that coordinated it ({@code nodeId@incarnation}) and its
 * counter there. Written {@code actor:counter}.
 */
public record Dot(String actor, long counter) implements Comparable<Dot> {

    public Dot {
        Objects.requireNonNull(actor, "actor");
        if (actor.isEmpty() || actor.contains(":") || actor.contains(",") || actor.contains("/") || actor.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("an actor is nodeId@incarnation without ':', ',', '/' or spaces, got '" + actor + "'");
        }
        if (counter < 1) {
            throw new IllegalArgumentException("a dot's counter starts at 1, got " + counter + " for " + actor);
        }
    }

    /** Parses {@code actor:counter}. */
    public static Dot parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("a dot looks like actor:counter, got '" + text + "'");
        }
        try {
            return new Dot(text.substring(0, colon), Long.parseLong(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a dot's counter is a number, got '" + text + "'");
        }
    }

    /** The node part of the actor: the node that coordinated the write. */
    public String nodeId() {
        int at = actor.lastIndexOf('@');
        return at < 0 ? actor : actor.substring(0, at);
    }

    @Override
    public int compareTo(Dot o) {
        int c = actor.compareTo(o.actor);
        return c != 0 ? c : Long.compare(counter, o.counter);
    }

    @Override
    public String toString() {
        return actor + ":" + counter;
    }
}
