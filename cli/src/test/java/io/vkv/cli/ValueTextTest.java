package io.vkv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ValueTextTest {

    @Test
    void validUtf8IsShownAsText() {
        assertEquals(new ValueText("h\u00e9llo \ud83d\ude00\n\t", false), ValueText.of("h\u00e9llo \ud83d\ude00\n\t".getBytes(StandardCharsets.UTF_8)));
        assertEquals(new ValueText("", false), ValueText.of(new byte[0]));
    }

    @Test
    void invalidUtf8IsShownAsStandardBase64() {
        assertEquals(new ValueText("/w==", true), ValueText.of(new byte[] {(byte) 0xff}));
        // a truncated two-byte sequence, an overlong encoding and an encoded surrogate are all refused
        assertEquals(true, ValueText.of(new byte[] {'a', (byte) 0xc3}).base64());
        assertEquals(true, ValueText.of(new byte[] {(byte) 0xc0, (byte) 0xaf}).base64());
        assertEquals(true, ValueText.of(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}).base64());
    }
}
