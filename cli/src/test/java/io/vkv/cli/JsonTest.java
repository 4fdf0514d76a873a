package io.vkv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.vkv.client.Context;
import io.vkv.client.Sibling;
import io.vkv.client.Versions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void writesNestedObjectsAndArraysWithCommas() {
        String json = Json.write(g -> {
            g.writeStartObject();
            g.writeNumberField("a", 1);
            g.writeArrayFieldStart("b");
            g.writeString("x");
            g.writeBoolean(true);
            g.writeStartObject();
            g.writeEndObject();
            g.writeStartArray();
            g.writeEndArray();
            g.writeEndArray();
            g.writeFieldName("c");
            g.writeString((String) null);
            g.writeNumberField("d", 2.5);
            g.writeEndObject();
        });
        assertEquals("{\"a\":1,\"b\":[\"x\",true,{},[]],\"c\":null,\"d\":2.5}", json);
    }

    private static String string(String s) {
        return Json.write(g -> g.writeString(s));
    }

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        assertEquals("\"q\\\" b\\\\ n\\n r\\r t\\t bs\\b ff\\f nul\\u0000 us\\u001f del\u007f\"",
                string("q\" b\\ n\n r\r t\t bs\b ff\f nul\u0000 us\u001f del\u007f"));
    }

    @Test
    void escapesEveryControlCharacterSoTheOutputIsOneLine() throws IOException {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            all.append(c);
        }
        String json = string(all.toString());
        assertTrue(json.chars().allMatch(c -> c >= 0x20), json);
        assertEquals(all.toString(), parseString(json));
    }

    @Test
    void keepsNonAsciiTextAndEscapesLineSeparators() {
        assertEquals("\"h\u00e9llo \u4e16\u754c \ud83d\ude00\"", string("h\u00e9llo \u4e16\u754c \ud83d\ude00"));
        assertEquals("\"\\u2028\\u2029\"", string("\u2028\u2029"));
    }

    @Test
    void writesLoneSurrogatesAsReplacementCharacters() {
        assertEquals("\"a\ufffdb\ufffd\"", string("a\ud800b\udc00"));
    }

    @Test
    void escapesNamesToo() {
        assertEquals("{\"n\\\"1@x\":3}", Json.write(g -> {
            g.writeStartObject();
            g.writeNumberField("n\"1@x", 3);
            g.writeEndObject();
        }));
    }

    @Test
    void writesNonFiniteNumbersAsNull() {
        assertEquals("[null,null]", Json.write(g -> {
            g.writeStartArray();
            g.writeNumber(Double.NaN);
            g.writeNumber(Double.POSITIVE_INFINITY);
            g.writeEndArray();
        }));
    }

    @Test
    void refusesMisnestedCalls() {
        assertThrows(IllegalStateException.class, () -> Json.write(g -> {
            g.writeStartObject();
            g.writeNumber(1);
        }));
        assertThrows(IllegalStateException.class, () -> Json.write(g -> {
            g.writeStartArray();
            g.writeFieldName("x");
        }));
        assertThrows(IllegalStateException.class, () -> Json.write(g -> {
            g.writeStartObject();
            g.writeEndArray();
        }));
        assertThrows(IllegalStateException.class, () -> Json.write(g -> {
            g.writeNumber(1);
            g.writeNumber(2);
        }));
        assertThrows(IllegalStateException.class, () -> Json.write(g -> g.writeStartObject()));
    }

    @Test
    void keysAndValuesThatAreNotUtf8AreBase64AndFlagged() throws IOException {
        byte[] truncated = {'k', (byte) 0xe2, (byte) 0x82}; // the start of a 3-byte sequence, cut
        byte[] latin1 = "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1);
        Versions v = new Versions(truncated, true, List.of(new Sibling(latin1, Map.of("n1@a", 1L), 7, false)), Context.EMPTY);
        String json = ResultPrinter.toJson(v);
        Map<String, String> fields = strings(json);
        assertEquals("base64", fields.get("key_encoding"), json);
        assertEquals("base64", fields.get("encoding"), json);
        assertTrue(Arrays.equals(truncated, Base64.getDecoder().decode(fields.get("key"))), json);
        assertTrue(Arrays.equals(latin1, Base64.getDecoder().decode(fields.get("value"))), json);
    }

    @Test
    void aValueOfEightMebibytesIsWrittenWholeAndReadsBack() throws IOException {
        char[] chars = new char[8 * 1024 * 1024];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = i % 1000 == 0 ? '\n' : (char) ('a' + i % 26);
        }
        String value = new String(chars);
        Versions v = new Versions("big".getBytes(StandardCharsets.UTF_8), true,
                List.of(new Sibling(value.getBytes(StandardCharsets.UTF_8), Map.of("n1@a", 1L), 7, false)), Context.EMPTY);
        String json = ResultPrinter.toJson(v);
        assertEquals(-1, json.indexOf('\n'), "one line");
        assertEquals(value, strings(json).get("value"));
    }

    private static final JsonFactory READER = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(64 * 1024 * 1024).build()).build();

    private static String parseString(String json) throws IOException {
        try (JsonParser p = READER.createParser(json)) {
            assertEquals(JsonToken.VALUE_STRING, p.nextToken());
            return p.getText();
        }
    }

    /** Every string field of {@code json} by name, at any depth (the last one wins). */
    private static Map<String, String> strings(String json) throws IOException {
        Map<String, String> out = new HashMap<>();
        try (JsonParser p = READER.createParser(json)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.VALUE_STRING) {
                    out.put(p.currentName(), p.getText());
                }
            }
        }
        return out;
    }
}
