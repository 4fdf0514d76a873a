package io.vkv.node.ring;

import io.vkv.placement.KeyPartitioner;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The partitioned ring: responsibility, preference lists, tokens for new clusters and joining nodes. */
class TokenRingTest {

    private static final KeyPartitioner Q64 = new KeyPartitioner(64);

    @Provide
    Arbitrary<Map<String, Long>> memberships() {
        return Arbitraries.longs().list().ofMinSize(1).ofMaxSize(12).uniqueElements().map(tokens -> {
            Map<String, Long> m = new LinkedHashMap<>();
            for (int i = 0; i < tokens.size(); i++) {
                m.put("n" + i, tokens.get(i));
            }
            return m;
        });
    }

    @Property
    void everyPartitionHasMinOfNAndMDistinctReplicas(@ForAll("memberships") Map<String, Long> tokens, @ForAll @IntRange(min = 1, max = 5) int n) {
        TokenRing ring = new TokenRing(Q64, n, tokens);
        for (int p = 0; p < 64; p++) {
            List<String> replicas = ring.replicas(p);
            assertEquals(Math.min(n, tokens.size()), replicas.size());
            assertEquals(replicas.size(), new HashSet<>(replicas).size(), "distinct");
        }
    }

    @Property
    void theRingDependsOnlyOnTheMembersNotOnTheOrderTheyAreSeenIn(@ForAll("memberships") Map<String, Long> tokens) {
        Map<String, Long> reversed = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>(tokens.keySet());
        for (int i = ids.size() - 1; i >= 0; i--) {
            reversed.put(ids.get(i), tokens.get(ids.get(i)));
        }
        TokenRing a = new TokenRing(Q64, 3, tokens);
        TokenRing b = new TokenRing(Q64, 3, reversed);
        for (int p = 0; p < 64; p++) {
            assertEquals(a.replicas(p), b.replicas(p));
        }
    }

    @Property
    void theFirstReplicaIsTheMemberResponsibleForThePartitionsLastHash(@ForAll("memberships") Map<String, Long> tokens) {
        TokenRing ring = new TokenRing(Q64, 1, tokens);
        for (int p = 0; p < 64; p++) {
            long last = Q64.lastPositionOf(p);
            String expected = null;
            long best = 0;
            for (Map.Entry<String, Long> e : tokens.entrySet()) { // the smallest token at or past it, else the smallest of all
                long distance = e.getValue() - last; // how far clockwise from the hash, mod 2^64
                if (expected == null || Long.compareUnsigned(distance, best) < 0) {
                    expected = e.getKey();
                    best = distance;
                }
            }
            assertEquals(List.of(expected), ring.replicas(p), "partition " + p);
        }
    }

    @Property
    void aJoiningNodeJoinsAboutNOverMOfThePartitionsAndNothingElseMoves(@ForAll @IntRange(min = 3, max = 10) int m) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            ids.add("n" + i);
        }
        Map<String, Long> before = TokenRing.initialTokens(ids);
        Map<String, Long> after = new HashMap<>(before);
        after.put("joiner", TokenRing.joiningToken(before));
        KeyPartitioner q = new KeyPartitioner(256);
        TokenRing r1 = new TokenRing(q, 3, before);
        TokenRing r2 = new TokenRing(q, 3, after);
        int moved = 0;
        for (int p = 0; p < 256; p++) {
            for (String node : r2.replicas(p)) {
                if (!r1.replicates(node, p)) {
                    assertEquals("joiner", node, "only the joiner gains partitions");
                    moved++; // a replica the partition gains: data that has to move
                }
            }
        }
        // The joiner takes half of one member's arc: it joins the lists of the partitions in that half arc
        // and in the N - 1 arcs before it, (N - 1/2)·Q/M of them; no other list changes.
        double expected = 2.5 * 256 / m;
        assertTrue(moved <= Math.ceil(expected) + 3, moved + " replicas moved, about " + expected + " expected");
        assertTrue(moved >= Math.floor(expected) - 3, moved + " replicas moved, about " + expected + " expected");
    }

    @Test
    void withAsManyReplicasAsMembersEveryMemberReplicatesEveryPartition() {
        TokenRing ring = new TokenRing(Q64, 3, TokenRing.initialTokens(List.of("n1", "n2", "n3")));
        for (int p = 0; p < 64; p++) {
            assertEquals(3, ring.replicas(p).size());
        }
        assertEquals(64, ring.sharedPartitions("n1", "n3").cardinality());
    }

    @Test
    void aFreshClusterGetsTheOriginalLayout() {
        Map<String, Long> tokens = TokenRing.initialTokens(List.of("n1", "n2", "n3", "n4"));
        assertEquals(-1L, tokens.get("n1"), "2^64 - 1");
        assertEquals(Long.parseUnsignedLong("13835058055282163712"), tokens.get("n2"), "2^64 - 1 - ⌊(2^64 - 1)/4⌋");
        assertEquals(Long.parseUnsignedLong("4611686018427387906"), tokens.get("n4"), "2^64 - 1 - 3·⌊(2^64 - 1)/4⌋");
        // Each holds a quarter: with Q = 64 and N = 1, 16 partitions each.
        TokenRing ring = new TokenRing(Q64, 1, tokens);
        for (String id : tokens.keySet()) {
            int owned = 0;
            for (int p = 0; p < 64; p++) {
                owned += ring.replicas(p).get(0).equals(id) ? 1 : 0;
            }
            assertEquals(16, owned, id);
        }
    }

    @Test
    void aJoiningNodeTakesTheMiddleOfTheWidestArc() {
        Map<String, Long> tokens = Map.of("a", 100L, "b", 200L, "c", 1000L);
        long wrapArc = 100L - 1000L; // (1000, 100] across 2^64: by far the widest
        assertEquals(1000L + Long.divideUnsigned(wrapArc, 2), TokenRing.joiningToken(tokens));
        // Arcs: (100, 900], (900, 2^63], (2^63, 2^64 - 1], (2^64 - 1, 100]; the third is the widest by 899.
        assertEquals(Long.MIN_VALUE + (1L << 62) - 1, TokenRing.joiningToken(Map.of("a", 100L, "b", 900L, "c", Long.MIN_VALUE, "d", -1L)));
        assertEquals(7L + Long.MIN_VALUE, TokenRing.joiningToken(Map.of("alone", 7L)));
    }

    @Test
    void sharedTokensAndNoReplicasAreRefused() {
        IllegalArgumentException clash = assertThrows(IllegalArgumentException.class, () -> new TokenRing(Q64, 3, Map.of("a", 5L, "b", 5L)));
        assertTrue(clash.getMessage().contains("both hold token 5"), clash.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TokenRing(Q64, 0, Map.of("a", 5L)));
    }

    @Test
    void partitionsAreContiguousRangesThatSpreadKeysEvenly() {
        int[] counts = new int[64];
        for (int i = 0; i < 64_000; i++) {
            counts[Q64.partitionOf(("key-" + i).getBytes(StandardCharsets.UTF_8))]++;
        }
        for (int p = 0; p < 64; p++) {
            assertTrue(counts[p] > 800 && counts[p] < 1200, "partition " + p + " holds " + counts[p] + " of 64,000 keys");
        }
        assertEquals(-1L, Q64.lastPositionOf(63));
        assertEquals((1L << 58) - 1, Q64.lastPositionOf(0));
        KeyPartitioner q3 = new KeyPartitioner(3);
        assertEquals(Long.parseUnsignedLong("6148914691236517205"), q3.lastPositionOf(0), "⌈2^64/3⌉ - 1");
    }
}
