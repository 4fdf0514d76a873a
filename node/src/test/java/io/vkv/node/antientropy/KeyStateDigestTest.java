package io.vkv.node.antientropy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.vkv.node.version.Actor;
import io.vkv.node.version.Dot;
import io.vkv.node.version.KeyState;
import io.vkv.node.version.Sibling;
import io.vkv.node.version.VersionVector;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyStateDigestTest {

    private final Actor a = new Actor("a", 1);
    private final Actor b = new Actor("b", 2);

    private Sibling write(Actor actor, long counter, VersionVector past) {
        return Sibling.value(new Dot(actor, counter), past, ("v" + counter).getBytes(StandardCharsets.UTF_8), 1000 + counter);
    }

    @Test
    void equalStatesHaveEqualDigestsWhateverTheOrderTheyWereBuiltIn() {
        KeyState x = KeyState.ofWrite(write(a, 1, VersionVector.EMPTY)).merge(KeyState.ofWrite(write(b, 1, VersionVector.EMPTY)));
        KeyState y = KeyState.ofWrite(write(b, 1, VersionVector.EMPTY)).merge(KeyState.ofWrite(write(a, 1, VersionVector.EMPTY)));
        assertEquals(KeyStateDigest.of(x), KeyStateDigest.of(y));
    }

    @Test
    void aDifferentSiblingSetOrCoveredVectorChangesTheDigest() {
        KeyState one = KeyState.ofWrite(write(a, 1, VersionVector.EMPTY));
        KeyState two = one.merge(KeyState.ofWrite(write(b, 1, VersionVector.EMPTY)));
        KeyState resolved = two.merge(KeyState.ofWrite(write(a, 2, VersionVector.of(Map.of(a, 1L, b, 1L)))));
        KeyState coveredOnly = KeyState.of(List.of(), VersionVector.of(Map.of(a, 2L, b, 1L)));
        assertNotEquals(KeyStateDigest.of(one), KeyStateDigest.of(two));
        assertNotEquals(KeyStateDigest.of(two), KeyStateDigest.of(resolved));
        assertNotEquals(KeyStateDigest.of(resolved), KeyStateDigest.of(coveredOnly));
        assertNotEquals(KeyStateDigest.of(KeyState.EMPTY), KeyStateDigest.of(coveredOnly));
        assertNotEquals(KeyStateDigest.of(KeyState.ofWrite(write(a, 1, VersionVector.EMPTY))),
                KeyStateDigest.of(KeyState.ofWrite(write(new Actor("a", 3), 1, VersionVector.EMPTY))), "the incarnation counts");
    }

    @Test
    void theEntryDigestDependsOnTheKeyAndTheState() {
        long state = KeyStateDigest.of(KeyState.ofWrite(write(a, 1, VersionVector.EMPTY)));
        byte[] k1 = "k1".getBytes(StandardCharsets.UTF_8);
        byte[] k2 = "k2".getBytes(StandardCharsets.UTF_8);
        assertEquals(KeyStateDigest.ofEntry(k1, state), KeyStateDigest.ofEntry(k1.clone(), state));
        assertNotEquals(KeyStateDigest.ofEntry(k1, state), KeyStateDigest.ofEntry(k2, state));
        assertNotEquals(KeyStateDigest.ofEntry(k1, state), KeyStateDigest.ofEntry(k1, state + 1));
    }

    @Test
    void theDigestIsStableAcrossReleases() {
        // Part of the anti-entropy protocol: nodes of different builds must agree on it.
        KeyState s = KeyState.ofWrite(write(a, 1, VersionVector.of(Map.of(b, 3L))));
        assertEquals(KeyStateDigest.of(s), KeyStateDigest.of(KeyState.ofWrite(write(a, 1, VersionVector.of(Map.of(b, 3L))))));
        assertEquals(0x27562d4076f91af7L, KeyStateDigest.of(s));
    }
}
