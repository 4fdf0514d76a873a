package io.vkv.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;

class SiblingResolverTest {

    private static Sibling live(String value, long hlc, Map<String, Long> clock) {
        return new Sibling(value.getBytes(StandardCharsets.UTF_8), clock, hlc, false);
    }

    private static Sibling tombstone(long hlc, Map<String, Long> clock) {
        return new Sibling(new byte[0], clock, hlc, true);
    }

    private static Versions read(Sibling... siblings) {
        return new Versions("k".getBytes(StandardCharsets.UTF_8), true, List.of(siblings), Context.of(new byte[] {1}));
    }

    /** Union of comma-separated sets: commutative, associative, idempotent. */
    private static final BinaryOperator<byte[]> UNION = (a, b) -> {
        TreeSet<String> all = new TreeSet<>(Arrays.asList(new String(a, StandardCharsets.UTF_8).split(",")));
        all.addAll(Arrays.asList(new String(b, StandardCharsets.UTF_8).split(",")));
        return String.join(",", all).getBytes(StandardCharsets.UTF_8);
    };

    @Test
    void keepAllKeepsEverySiblingAndLeavesTheConflictVisible() {
        Versions v = read(live("a", 1, Map.of("n1@x", 1L)), live("b", 2, Map.of("n1@x", 2L)));
        Versions resolved = v.resolve(SiblingResolver.keepAll());
        assertEquals(2, resolved.siblings().size());
        assertTrue(resolved.hasConflict());
        UnresolvedSiblingsException e = assertThrows(UnresolvedSiblingsException.class, resolved::value);
        assertEquals(2, e.siblings());
        assertEquals("key 'k' has 2 concurrent values; resolve them with a SiblingResolver that keeps one", e.getMessage());
    }

    @Test
    void lastWriterWinsPicksTheHighestHlc() {
        Versions v = read(live("old", 10, Map.of("n1@x", 1L)), live("new", 30, Map.of("n2@y", 1L)), live("mid", 20, Map.of("n1@x", 2L)));
        Versions resolved = v.resolve(SiblingResolver.lastWriterWins());
        assertEquals("new", resolved.valueString().orElseThrow());
        assertEquals(v.context(), resolved.context());
    }

    @Test
    void lastWriterWinsLetsALaterDeleteWin() {
        Versions v = read(live("a", 10, Map.of("n1@x", 1L)), tombstone(11, Map.of("n1@x", 2L)));
        Versions resolved = v.resolve(SiblingResolver.lastWriterWins());
        assertFalse(resolved.found());
        assertTrue(resolved.value().isEmpty());
    }

    @Test
    void lastWriterWinsBreaksHlcTiesTheSameWayWhateverTheOrder() {
        Sibling a = live("a", 5, Map.of("n1@x", 1L));
        Sibling b = live("b", 5, Map.of("n2@y", 1L));
        String one = read(a, b).resolve(SiblingResolver.lastWriterWins()).valueString().orElseThrow();
        String other = read(b, a).resolve(SiblingResolver.lastWriterWins()).valueString().orElseThrow();
        assertEquals(one, other);
        assertEquals("b", one);
    }

    @Test
    void mergingFoldsLiveValuesAndJoinsClocks() {
        Versions v = read(live("x,y", 10, Map.of("n1@x", 3L, "n2@y", 1L)), live("y,z", 12, Map.of("n1@x", 2L, "n2@y", 4L)));
        Versions resolved = v.resolve(SiblingResolver.merging(UNION));
        assertEquals(1, resolved.siblings().size());
        Sibling merged = resolved.siblings().get(0);
        assertEquals("x,y,z", merged.valueString());
        assertEquals(Map.of("n1@x", 3L, "n2@y", 4L), merged.clock());
        assertEquals(12, merged.hlc());
        assertFalse(merged.deleted());
    }

    @Test
    void mergingLetsValuesWinOverConcurrentDeletes() {
        Versions v = read(tombstone(50, Map.of("n1@x", 2L)), live("a", 10, Map.of("n2@y", 1L)));
        assertEquals("a", v.resolve(SiblingResolver.merging(UNION)).valueString().orElseThrow());
    }

    @Test
    void mergingOnlyTombstonesKeepsTheKeyDeleted() {
        Versions v = read(tombstone(5, Map.of("n1@x", 1L)), tombstone(6, Map.of("n2@y", 1L)));
        Versions resolved = v.resolve(SiblingResolver.merging(UNION));
        assertFalse(resolved.found());
        assertTrue(resolved.siblings().get(0).deleted());
    }

    @Test
    void aCustomResolverIsALambda() {
        SiblingResolver longest = siblings -> List.of(siblings.stream()
                .max((p, q) -> Integer.compare(p.value().length, q.value().length)).orElseThrow());
        Versions v = read(live("short", 99, Map.of()), live("much longer", 1, Map.of()));
        assertEquals("much longer", v.resolve(longest).valueString().orElseThrow());
    }

    @Test
    void aSingleSiblingNeedsNoResolution() {
        Versions v = read(live("only", 1, Map.of()));
        assertSame(v, v.resolve(siblings -> {
            throw new AssertionError("resolver must not run for one sibling");
        }));
    }
}
