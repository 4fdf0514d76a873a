package io.vkv.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NavigableSet;
import java.util.NoSuchElementException;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The pager against an in-memory ordered key set that answers pages the way a node does. */
class ScanPagerTest {

    private final NavigableSet<byte[]> keys = new TreeSet<>(Arrays::compareUnsigned);
    private final List<Integer> pageSizesServed = new ArrayList<>();

    private List<Versions> page(byte[] from, byte[] to, int limit, int nodeCap) {
        List<Versions> out = new ArrayList<>();
        for (byte[] k : from == null ? keys : keys.tailSet(from, true)) {
            if ((to != null && Arrays.compareUnsigned(k, to) >= 0) || out.size() == Math.min(limit, nodeCap)) {
                break;
            }
            out.add(new Versions(k, true, List.of(), Context.EMPTY));
        }
        pageSizesServed.add(out.size());
        return out;
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private List<String> walk(byte[] from, byte[] to, int pageSize, int nodeCap) {
        List<String> seen = new ArrayList<>();
        new ScanPager((f, t, l) -> page(f, t, l, nodeCap), from, to, pageSize).forEachRemaining(v -> seen.add(v.keyString()));
        return seen;
    }

    @Test
    void walksEveryKeyInOrderAcrossPages() {
        for (int i = 0; i < 10; i++) {
            keys.add(b("k" + i));
        }
        assertEquals(List.of("k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9"), walk(null, null, 3, 1000));
        assertEquals(List.of(3, 3, 3, 1, 0), pageSizesServed);
    }

    @Test
    void respectsBoundsAndNeedsNoKeyTwice() {
        keys.addAll(List.of(b("a"), b("a\0"), b("a\0\0"), b("b"), b("c")));
        assertEquals(List.of("a", "a\0", "a\0\0", "b"), walk(b("a"), b("c"), 1, 1000));
    }

    @Test
    void keepsGoingWhenTheNodeCapsPagesBelowTheSizeAsked() {
        for (int i = 0; i < 7; i++) {
            keys.add(b("k" + i));
        }
        assertEquals(7, walk(null, null, 100, 2).size());
    }

    @Test
    void anEmptyRangeEndsAtOnce() {
        ScanPager pager = new ScanPager((f, t, l) -> page(f, t, l, 1000), null, null, 5);
        assertFalse(pager.hasNext());
        assertThrows(NoSuchElementException.class, pager::next);
    }

    @Test
    void successorIsTheKeyFollowedByAZeroByte() {
        assertArrayEquals(new byte[] {(byte) 0xff, 0}, ScanPager.successor(new byte[] {(byte) 0xff}));
    }
}
