package io.vkv.examples.chat;

import io.vkv.client.Sibling;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Who keeps a name that was claimed twice at once (a room name or a nickname, through two servers that had not seen each
 * other's claim): the live sibling written earliest by hybrid-clock time, ties broken by the smaller value bytes. Every
 * replica holds the same siblings, so every server picks the same winner without talking to the others.
 */
final class EarliestClaim {

    static final Comparator<Sibling> ORDER = Comparator.comparingLong(Sibling::hlc)
            .thenComparing(Sibling::value, Arrays::compareUnsigned);

    private EarliestClaim() {
    }

    /** The winning live sibling, or empty when every sibling is a deletion. */
    static Optional<Sibling> winner(List<Sibling> siblings) {
        return siblings.stream().filter(s -> !s.deleted()).min(ORDER);
    }
}
