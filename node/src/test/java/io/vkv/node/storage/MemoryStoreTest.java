package io.vkv.node.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.vkv.node.version.Actor;
import io.vkv.node.version.Dot;
import io.vkv.node.version.KeyState;
import io.vkv.node.version.Sibling;
import io.vkv.node.version.VersionVector;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** The in-memory map: one-search merges, no empty keys from empty deltas, current states in scans. */
class MemoryStoreTest {

    private static final Actor A = new Actor("a", 1);

    private static KeyState write(long counter, VersionVector past) {
        return KeyState.ofWrite(Sibling.value(new Dot(A, counter), past, new byte[] {(byte) counter}, counter));
    }

    @Test
    void mergeInsertsANewKeyWithTheDeltaAndJoinsLaterDeltas() {
        MemoryStore m = new MemoryStore(10);
        KeyState first = write(1, VersionVector.EMPTY);
        assertSame(first, m.merge(Key.of("k"), first));
        KeyState second = write(2, first.context());
        KeyState joined = m.merge(Key.of("k"), second);
        assertEquals(first.merge(second), joined);
        assertEquals(joined, m.get(Key.of("k")));
        assertEquals(1, m.size());
    }

    @Test
    void mergingNothingDoesNotCreateTheKey() {
        MemoryStore m = new MemoryStore(10);
        assertSame(KeyState.EMPTY, m.merge(Key.of("k"), KeyState.EMPTY));
        assertEquals(0, m.size());
        assertEquals(List.of(), m.scan(null, null, 10));
    }

    @Test
    void mergeIfNewSaysWhetherTheStateChanged() {
        MemoryStore m = new MemoryStore(10);
        KeyState first = write(1, VersionVector.EMPTY);
        assertSame(first, m.mergeIfNew(Key.of("k"), first));
        assertNull(m.mergeIfNew(Key.of("k"), first), "the same state again adds nothing");
        assertNull(m.mergeIfNew(Key.of("other"), KeyState.EMPTY));
        assertEquals(1, m.size());
        KeyState second = write(2, first.context());
        assertEquals(first.merge(second), m.mergeIfNew(Key.of("k"), second));
        assertNull(m.mergeIfNew(Key.of("k"), first), "an older state adds nothing");
        assertEquals(first.merge(second), m.get(Key.of("k")));
    }

    @Test
    void scansAndEntriesSeeTheCurrentStatesInKeyOrder() {
        MemoryStore m = new MemoryStore(10);
        KeyState b1 = write(1, VersionVector.EMPTY);
        m.merge(Key.of("b"), b1);
        m.merge(Key.of("a"), write(2, VersionVector.EMPTY));
        KeyState b3 = write(3, b1.context());
        m.merge(Key.of("b"), b3);
        assertEquals(2, m.size());
        assertEquals(List.of("a", "b"), m.scan(null, null, 10).stream().map(e -> e.key().toString()).toList());
        assertEquals(b1.merge(b3), m.scan(Key.of("b"), null, 10).get(0).state());
        List<Map.Entry<Key, KeyState>> entries = StreamSupport.stream(m.entries().spliterator(), false).toList();
        assertEquals(b1.merge(b3), entries.get(1).getValue());
    }
}
