package io.vkv.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerationException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Writes one compact JSON document with Jackson's streaming generator, for everything the CLI prints with --json.
 * Besides what JSON requires it escapes U+2028/U+2029 (they end lines in JavaScript), writes lone surrogates as
 * U+FFFD (no UTF-8 output can hold them) and non-finite numbers as null (JSON has none).
 */
public final class Json {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            .disable(StreamWriteFeature.AUTO_CLOSE_CONTENT)
            .build();

    private Json() {
    }

    /** What writes the document's one top-level value. */
    @FunctionalInterface
    public interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    /** The document {@code body} writes; misnested calls or an unclosed object throw IllegalStateException. */
    public static String write(Body body) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = new Checked(FACTORY.createGenerator(out))) {
            body.write(json);
            if (!json.getOutputContext().inRoot()) {
                throw new IllegalStateException("unclosed " + json.getOutputContext().typeDesc());
            }
            if (json.getOutputContext().getEntryCount() != 1) {
                throw new IllegalStateException("a JSON document has one top-level value");
            }
        } catch (JsonGenerationException e) {
            throw new IllegalStateException(e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** The generator with this class's rules for text and numbers. */
    private static final class Checked extends JsonGeneratorDelegate {
        Checked(JsonGenerator json) {
            super(json, false);
            json.setCharacterEscapes(new LineSeparatorEscapes());
        }

        @Override
        public void writeString(String text) throws IOException {
            super.writeString(text == null ? null : wellFormed(text));
        }

        @Override
        public void writeFieldName(String name) throws IOException {
            super.writeFieldName(wellFormed(name));
        }

        @Override
        public void writeNumber(double v) throws IOException {
            if (Double.isFinite(v)) {
                super.writeNumber(v);
            } else {
                super.writeNull();
            }
        }
    }

    /** {@code s} with every lone surrogate replaced by U+FFFD. */
    static String wellFormed(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean paired = Character.isHighSurrogate(c) ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                    : Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
            if (Character.isSurrogate(c) && !paired) {
                if (b == null) {
                    b = new StringBuilder(s);
                }
                b.setCharAt(i, '\uFFFD');
            }
        }
        return b == null ? s : b.toString();
    }

    /** JSON's standard escapes, plus U+2028 and U+2029. */
    private static final class LineSeparatorEscapes extends CharacterEscapes {
        private static final int[] ASCII = standardAsciiEscapesForJSON();
        private static final SerializableString LS = new SerializedString("\\u2028");
        private static final SerializableString PS = new SerializedString("\\u2029");

        @Override
        public int[] getEscapeCodesForAscii() {
            return ASCII;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch == 0x2028 ? LS : ch == 0x2029 ? PS : null;
        }
    }
}
