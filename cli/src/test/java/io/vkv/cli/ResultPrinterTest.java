package io.vkv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vkv.client.Context;
import io.vkv.client.Sibling;
import io.vkv.client.Versions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ResultPrinterTest {

    private static final Context CTX = Context.of(new byte[] {1, 2, 3});
    /** 2025-01-01T00:00:00Z with logical counter 0 and 2. */
    private static final long HLC = 1735689600000L << 16;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String print(boolean json, Consumer<ResultPrinter> action) {
        StringWriter sw = new StringWriter();
        action.accept(new ResultPrinter(new PrintWriter(sw), json));
        return sw.toString();
    }

    private static final Versions ONE = new Versions(utf8("k"), true, List.of(new Sibling(utf8("v\"1"), Map.of("n1@a", 1L), HLC, false)), CTX);
    private static final Versions TWO = new Versions(utf8("k"), true, List.of(
            new Sibling(utf8("left"), Map.of("n1@a", 1L), HLC, false),
            new Sibling(new byte[0], Map.of("n1@a", 1L, "n2@b", 4L), HLC + 2, true)), CTX);

    @Test
    void jsonOfAReadHasKeyFoundContextAndSiblings() {
        assertEquals("{\"key\":\"k\",\"found\":true,\"context\":\"AQID\",\"siblings\":[{\"value\":\"v\\\"1\",\"clock\":{\"n1@a\":1},\"hlc\":"
                + HLC + ",\"deleted\":false,\"version\":" + (HLC >>> 16) + "}]}\n", print(true, p -> p.read(ONE)));
    }

    @Test
    void jsonFlagsBinaryValuesAndKeysAsBase64() {
        Versions binary = new Versions(new byte[] {(byte) 0xff}, true, List.of(new Sibling(new byte[] {(byte) 0xfe}, Map.of(), 7, false)), CTX);
        assertEquals("{\"key\":\"/w==\",\"key_encoding\":\"base64\",\"found\":true,\"context\":\"AQID\",\"siblings\":[{\"value\":\"/g==\","
                + "\"encoding\":\"base64\",\"clock\":{},\"hlc\":7,\"deleted\":false,\"version\":0}]}", ResultPrinter.toJson(binary));
    }

    @Test
    void jsonOfAMissingKeySaysFoundFalse() {
        Versions missing = new Versions(utf8("nope"), false, List.of(), Context.EMPTY);
        assertEquals("{\"key\":\"nope\",\"found\":false,\"context\":\"\",\"siblings\":[]}", ResultPrinter.toJson(missing));
    }

    @Test
    void textOfAReadIsTheValueThenTheContext() {
        assertEquals("v\"1\ncontext: AQID\n", print(false, p -> p.read(ONE)));
    }

    @Test
    void textOfSiblingsListsEachWithItsClock() {
        assertEquals("(2 siblings)\n"
                + "  left  clock {n1@a:1}  at 2025-01-01T00:00:00Z  version " + (HLC >>> 16) + "\n"
                + "  (deleted)  clock {n1@a:1, n2@b:4}  at 2025-01-01T00:00:00Z +2  version " + (HLC >>> 16) + "\n"
                + "context: AQID\n", print(false, p -> p.read(TWO)));
    }

    @Test
    void textOfAMissingKeySaysNotFound() {
        assertEquals("(not found)\n", print(false, p -> p.read(new Versions(utf8("x"), false, List.of(), Context.EMPTY))));
    }

    @Test
    void scanTextIsKeyTabValuePerLiveSibling() {
        assertEquals("k\tleft\n", print(false, p -> p.entry(TWO)));
    }

    @Test
    void writesPrintKeyAndContext() {
        assertEquals("{\"key\":\"k\",\"context\":\"AQID\"}\n", print(true, p -> p.written("k", CTX)));
        assertEquals("context: AQID\n", print(false, p -> p.written("k", CTX)));
    }
}
