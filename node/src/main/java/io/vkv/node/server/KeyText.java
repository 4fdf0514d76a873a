package io.vkv.node.server;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Renders a key for an error message: printable UTF-8 as text, anything else as hex; long keys are cut. */
public final class KeyText {

    private static final int MAX_CHARS = 64;

    private KeyText() {
    }

    /** {@code key} as it appears in messages, without quotes. */
    public static String of(byte[] key) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(key)).toString();
            if (s.codePoints().noneMatch(Character::isISOControl)) {
                return s.length() <= MAX_CHARS ? s : s.substring(0, MAX_CHARS) + "... (" + key.length + " bytes)";
            }
        } catch (CharacterCodingException e) {
            // not text: shown as hex below
        }
        int shown = Math.min(key.length, MAX_CHARS / 2);
        String hex = "0x" + HexFormat.of().formatHex(key, 0, shown);
        return shown == key.length ? hex : hex + "... (" + key.length + " bytes)";
    }
}
