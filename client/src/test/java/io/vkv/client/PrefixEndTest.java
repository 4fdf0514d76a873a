package io.vkv.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The end of a prefix's scan range: a key is in [prefix, end) exactly when it starts with the prefix. */
class PrefixEndTest {

    @Property
    void aKeyIsInThePrefixRangeExactlyWhenItStartsWithThePrefix(@ForAll @Size(max = 4) byte[] prefix,
            @ForAll @Size(max = 6) byte[] suffix, @ForAll @Size(max = 6) byte[] other) {
        byte[] end = VkvClient.prefixEnd(prefix);
        for (byte[] key : new byte[][] {concat(prefix, suffix), other}) {
            boolean starts = key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
            boolean inRange = Arrays.compareUnsigned(key, prefix) >= 0 && (end == null || Arrays.compareUnsigned(key, end) < 0);
            assertEquals(starts, inRange, Arrays.toString(key) + " under " + Arrays.toString(prefix));
        }
    }

    @Test
    void trailingFfBytesCarryAndAnAllFfPrefixHasNoEnd() {
        assertArrayEquals(new byte[] {'a', 'c'}, VkvClient.prefixEnd(new byte[] {'a', 'b'}));
        assertArrayEquals(new byte[] {'b'}, VkvClient.prefixEnd(new byte[] {'a', (byte) 0xFF}));
        assertNull(VkvClient.prefixEnd(new byte[] {(byte) 0xFF, (byte) 0xFF}));
        assertNull(VkvClient.prefixEnd(new byte[0]));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
