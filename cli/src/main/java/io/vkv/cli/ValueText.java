package io.vkv.cli;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** How bytes are shown to a user: as text when they are valid UTF-8, otherwise as base64. */
public record ValueText(String text, boolean base64) {

    /** Decodes {@code bytes} strictly as UTF-8, falling back to standard base64 for anything else. */
    public static ValueText of(byte[] bytes) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            return new ValueText(s, false);
        } catch (CharacterCodingException e) {
            return new ValueText(Base64.getEncoder().encodeToString(bytes), true);
        }
    }
}
