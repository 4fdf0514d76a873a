package io.vkv.node.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ActorTest {

    @Test
    void printsAsNodeIdAtHexIncarnation() {
        assertEquals("n1@a1", new Actor("n1", 0xa1).toString());
        assertEquals("node-2.east_x@ffffffffffffffff", new Actor("node-2.east_x", -1).toString());
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 0xa1, Long.MAX_VALUE, Long.MIN_VALUE, -1})
    void parseReadsBackWhatToStringPrints(long incarnation) {
        Actor actor = new Actor("node-7", incarnation);

        assertEquals(actor, Actor.parse(actor.toString()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-leading-dash", ".dot", "has space", "at@sign", "slash/", "é"})
    void invalidNodeIdsAreRefusedNamingTheId(String id) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Actor(id, 1));

        assertTrue(e.getMessage().startsWith("node id must be 1..64 characters"), e.getMessage());
        assertTrue(e.getMessage().endsWith("got '" + id + "'"), e.getMessage());
        assertFalse(Actor.isValidNodeId(id));
    }

    @Test
    void nodeIdsMayHaveUpTo64Characters() {
        assertTrue(Actor.isValidNodeId("n".repeat(64)));
        assertFalse(Actor.isValidNodeId("n".repeat(65)));
        assertThrows(IllegalArgumentException.class, () -> new Actor("n".repeat(65), 1));
        assertFalse(Actor.isValidNodeId(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"n1", "@a1", "n1@", ""})
    void parseRefusesTextWithoutBothParts(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Actor.parse(text));

        assertEquals("actor must look like nodeId@incarnation, got '" + text + "'", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"n1@xyz", "n1@-1", "n1@1ffffffffffffffff"})
    void parseRefusesAnIncarnationThatIsNotA64BitHexNumber(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Actor.parse(text));

        assertEquals("actor incarnation must be hexadecimal, got '" + text + "'", e.getMessage());
    }

    @Test
    void parseRefusesAnInvalidNodeId() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Actor.parse("bad id@1"));

        assertTrue(e.getMessage().contains("got 'bad id'"), e.getMessage());
    }

    @Test
    void actorsOrderByNodeIdThenUnsignedIncarnation() {
        assertTrue(new Actor("a", 9).compareTo(new Actor("b", 1)) < 0);
        assertTrue(new Actor("a", 1).compareTo(new Actor("a", -1)) < 0, "incarnation 0xff..ff is the largest");
        assertEquals(0, new Actor("a", 5).compareTo(new Actor("a", 5)));
    }
}
