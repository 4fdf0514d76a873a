package io.vkv.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ContextTest {

    private static final byte[] TOKEN = {(byte) 0xfb, (byte) 0xff, 0x00, 0x01, 0x7f};

    @Test
    void base64FormIsUrlSafeWithoutPaddingAndRoundTrips() {
        Context c = Context.of(TOKEN);
        String text = c.base64();
        assertEquals("-_8AAX8", text);
        assertEquals(c, Context.fromBase64(text));
        assertArrayEquals(TOKEN, Context.fromBase64(text).bytes());
    }

    @Test
    void acceptsStandardBase64WithPadding() {
        assertEquals(Context.of(TOKEN), Context.fromBase64("+/8AAX8="));
        assertEquals(Context.of(TOKEN), Context.fromBase64("  +/8AAX8=\n"));
    }

    @Test
    void emptyTextAndEmptyBytesAreTheEmptyContext() {
        assertSame(Context.EMPTY, Context.fromBase64(""));
        assertSame(Context.EMPTY, Context.of(new byte[0]));
        assertSame(Context.EMPTY, Context.of(null));
        assertTrue(Context.EMPTY.isEmpty());
        assertEquals("", Context.EMPTY.base64());
    }

    @Test
    void refusesTextThatIsNotBase64WithAMessageNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Context.fromBase64("not a token!"));
        assertEquals("'not a token!' is not a context token (expected base64 as printed by get or put)", e.getMessage());
    }

    @Test
    void bytesAreCopiedInAndOut() {
        byte[] source = TOKEN.clone();
        Context c = Context.of(source);
        source[0] = 0;
        byte[] out = c.bytes();
        out[1] = 0;
        assertArrayEquals(TOKEN, c.bytes());
    }
}
