package io.vkv.examples.enrollment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Who keeps a seat: the same answer on every portal, and never a bump the full picture would undo. */
class SeatRuleTest {

    @Provide
    Arbitrary<List<SeatRule.Enrollment>> enrollments() {
        Arbitrary<SeatRule.Enrollment> one = Combinators.combine(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(4),
                Arbitraries.longs().between(1, 50)).as(SeatRule.Enrollment::new);
        return one.list().ofMaxSize(20).uniqueElements(SeatRule.Enrollment::student);
    }

    @Property
    void theEarliestKeepTheSeatsWhateverOrderTheyArriveIn(@ForAll("enrollments") List<SeatRule.Enrollment> all,
                                                         @ForAll @IntRange(min = 0, max = 10) int capacity) {
        SeatRule.Seats seats = SeatRule.seat(all, capacity);
        List<SeatRule.Enrollment> reversed = new ArrayList<>(all);
        java.util.Collections.reverse(reversed);
        assertEquals(seats, SeatRule.seat(reversed, capacity), "every portal decides the same");
        assertEquals(Math.min(capacity, all.size()), seats.kept().size());
        assertEquals(all.size(), seats.kept().size() + seats.bumped().size());
        for (SeatRule.Enrollment k : seats.kept()) {
            for (SeatRule.Enrollment b : seats.bumped()) {
                assertTrue(k.hlc() < b.hlc() || k.hlc() == b.hlc() && k.student().compareTo(b.student()) < 0, k + " before " + b);
            }
        }
    }

    @Property
    void aPortalThatSeesOnlySomeEnrollmentsBumpsOnlyWhatTheFullPictureBumps(@ForAll("enrollments") List<SeatRule.Enrollment> all,
                                                                          @ForAll @IntRange(min = 0, max = 10) int capacity,
                                                                          @ForAll long seed) {
        java.util.Random random = new java.util.Random(seed);
        List<SeatRule.Enrollment> seen = all.stream().filter(e -> random.nextBoolean()).toList();
        Set<SeatRule.Enrollment> bumpedByAll = new HashSet<>(SeatRule.seat(all, capacity).bumped());
        assertTrue(bumpedByAll.containsAll(SeatRule.seat(seen, capacity).bumped()));
    }
}
