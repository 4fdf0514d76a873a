package io.vkv.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KeyTextTest {

    @Test
    void printableTextIsShownAsIs() {
        assertEquals("user/42 é", KeyText.of("user/42 é".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void bytesThatAreNotPrintableTextAreShownInHex() {
        assertEquals("0x00ff", KeyText.of(new byte[] {0, (byte) 0xff}));
        assertEquals("0x610a", KeyText.of("a\n".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void longKeysAreCutAndTheirLengthGiven() {
        String shown = KeyText.of("k".repeat(1000).getBytes(StandardCharsets.UTF_8));
        assertEquals("k".repeat(64) + "... (1000 bytes)", shown);
        assertEquals("0x" + "00".repeat(32) + "... (40 bytes)", KeyText.of(new byte[40]));
    }
}
