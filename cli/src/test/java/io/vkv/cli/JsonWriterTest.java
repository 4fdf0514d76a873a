package io.vkv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class JsonWriterTest {

    @Test
    void writesNestedObjectsAndArraysWithCommas() {
        String json = new JsonWriter().beginObject()
                .name("a").value(1)
                .name("b").beginArray().value("x").value(true).beginObject().endObject().beginArray().endArray().endArray()
                .name("c").value((String) null)
                .name("d").value(2.5)
                .endObject().toString();
        assertEquals("{\"a\":1,\"b\":[\"x\",true,{},[]],\"c\":null,\"d\":2.5}", json);
    }

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        String json = new JsonWriter().value("q\" b\\ n\n r\r t\t bs\b ff\f nul\u0000 us\u001f del\u007f").toString();
        assertEquals("\"q\\\" b\\\\ n\\n r\\r t\\t bs\\b ff\\f nul\\u0000 us\\u001f del\u007f\"", json);
    }

    @Test
    void keepsNonAsciiTextAndEscapesLineSeparatorsAndLoneSurrogates() {
        assertEquals("\"h\u00e9llo \u4e16\u754c \ud83d\ude00\"", new JsonWriter().value("h\u00e9llo \u4e16\u754c \ud83d\ude00").toString());
        assertEquals("\"\\u2028\\u2029\"", new JsonWriter().value("\u2028\u2029").toString());
        assertEquals("\"a\\ud800b\\udc00\"", new JsonWriter().value("a\ud800b\udc00").toString());
    }

    @Test
    void escapesNamesToo() {
        assertEquals("{\"n\\\"1@x\":3}", new JsonWriter().beginObject().name("n\"1@x").value(3).endObject().toString());
    }

    @Test
    void writesNonFiniteNumbersAsNull() {
        assertEquals("[null,null]", new JsonWriter().beginArray().value(Double.NaN).value(Double.POSITIVE_INFINITY).endArray().toString());
    }

    @Test
    void refusesMisnestedCalls() {
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginObject().value(1));
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginArray().name("x"));
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginObject().endArray());
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginObject().name("a").endObject());
        assertThrows(IllegalStateException.class, () -> new JsonWriter().value(1).value(2));
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginObject().toString());
    }
}
