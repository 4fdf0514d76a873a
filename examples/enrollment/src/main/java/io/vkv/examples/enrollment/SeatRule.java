package io.vkv.examples.enrollment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Who keeps a seat when a course holds more enrollments than seats, as happens when two portals on different nodes each
 * admit the last student before their writes meet: the enrollments with the earliest hybrid-clock times keep the seats
 * (the student id breaks a tie), the rest are bumped. Pure, so every portal that sees the same enrollments decides the
 * same; a portal that sees only some of them bumps only enrollments the full set bumps too.
 */
public final class SeatRule {

    /** One enrollment: the student and the hybrid-clock time of the write that made it. */
    public record Enrollment(String student, long hlc) {
    }

    /** The outcome: who holds a seat, in the order they took it, and who was bumped. */
    public record Seats(List<Enrollment> kept, List<Enrollment> bumped) {
    }

    private static final Comparator<Enrollment> FIRST_COME = Comparator.comparingLong(Enrollment::hlc).thenComparing(Enrollment::student);

    private SeatRule() {
    }

    /** The seats of a course with {@code capacity} seats given {@code enrollments}. */
    public static Seats seat(List<Enrollment> enrollments, int capacity) {
        List<Enrollment> ordered = new ArrayList<>(enrollments);
        ordered.sort(FIRST_COME);
        int kept = Math.min(Math.max(capacity, 0), ordered.size());
        return new Seats(List.copyOf(ordered.subList(0, kept)), List.copyOf(ordered.subList(kept, ordered.size())));
    }
}
