package io.vkv.examples.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vkv.client.Sibling;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Who keeps a name claimed twice: the same winner on every server, whatever order its replica lists the siblings in. */
class EarliestClaimTest {

    private static Sibling claim(long hlc, String value, boolean deleted) {
        return new Sibling(value.getBytes(StandardCharsets.UTF_8), Map.of("n1", 1L), hlc, deleted);
    }

    @Property
    void theWinnerDoesNotDependOnTheOrderOfTheSiblings(@ForAll @Size(min = 1, max = 6) List<@IntRange(max = 5) Integer> times,
            @ForAll long seed) {
        List<Sibling> siblings = new ArrayList<>();
        for (int i = 0; i < times.size(); i++) {
            siblings.add(claim(times.get(i), "claim-" + i, i % 4 == 3));
        }
        Optional<Sibling> expected = EarliestClaim.winner(siblings);
        Collections.shuffle(siblings, new Random(seed));
        Optional<Sibling> shuffled = EarliestClaim.winner(siblings);
        assertEquals(expected.map(Sibling::valueString), shuffled.map(Sibling::valueString));
        expected.ifPresent(w -> assertTrue(siblings.stream().filter(s -> !s.deleted()).allMatch(s -> s.hlc() >= w.hlc()),
                "the winner is the earliest live claim"));
    }

    @Test
    void theEarlierClaimWinsAndEqualTimesGoToTheSmallerValue() {
        assertEquals("z-early", EarliestClaim.winner(List.of(claim(9, "a-late", false), claim(7, "deleted", true),
                claim(8, "z-early", false))).orElseThrow().valueString(), "a deleted claim does not count");
        assertEquals("a", EarliestClaim.winner(List.of(claim(5, "b", false), claim(5, "a", false))).orElseThrow().valueString());
    }

    @Test
    void aNameWhoseEveryClaimWasDeletedIsFree() {
        assertTrue(EarliestClaim.winner(List.of(claim(1, "gone", true))).isEmpty());
        assertTrue(EarliestClaim.winner(List.of()).isEmpty());
    }
}
