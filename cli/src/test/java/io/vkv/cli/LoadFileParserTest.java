package io.vkv.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadFileParserTest {

    private static List<LoadFileParser.Line> parse(byte[] input) throws IOException {
        LoadFileParser parser = new LoadFileParser(new ByteArrayInputStream(input));
        List<LoadFileParser.Line> lines = new ArrayList<>();
        for (LoadFileParser.Line l = parser.next(); l != null; l = parser.next()) {
            lines.add(l);
        }
        assertNull(parser.next());
        return lines;
    }

    private static List<LoadFileParser.Line> parse(String input) throws IOException {
        return parse(input.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void splitsEachLineAtItsFirstTab() throws IOException {
        List<LoadFileParser.Line> lines = parse("a\t1\nb\tx\ty\n");
        assertEquals(2, lines.size());
        LoadFileParser.Entry second = assertInstanceOf(LoadFileParser.Entry.class, lines.get(1));
        assertEquals(2, second.number());
        assertEquals("b", text(second.key()));
        assertEquals("x\ty", text(second.value()));
    }

    @Test
    void acceptsCrlfAMissingFinalNewlineAndEmptyValues() throws IOException {
        List<LoadFileParser.Line> lines = parse("a\t1\r\nb\t\r\nc\tlast");
        assertEquals(List.of("1", "", "last"), lines.stream().map(l -> text(((LoadFileParser.Entry) l).value())).toList());
    }

    @Test
    void skipsEmptyLinesButKeepsCountingThem() throws IOException {
        List<LoadFileParser.Line> lines = parse("\n\na\t1\n\r\nb\t2\n");
        assertEquals(List.of(3, 5), lines.stream().map(LoadFileParser.Line::number).toList());
    }

    @Test
    void reportsMalformedLinesWithTheirNumbers() throws IOException {
        List<LoadFileParser.Line> lines = parse("good\t1\nno tab here\n\tno key\ngood2\t2\n");
        assertEquals(new LoadFileParser.Malformed(2, "no TAB between key and value"), lines.get(1));
        assertEquals(new LoadFileParser.Malformed(3, "empty key"), lines.get(2));
        assertInstanceOf(LoadFileParser.Entry.class, lines.get(3));
    }

    @Test
    void passesBytesThroughUndecoded() throws IOException {
        byte[] input = {'k', (byte) 0xff, '\t', (byte) 0xfe, 0, 'v', '\n'};
        LoadFileParser.Entry e = (LoadFileParser.Entry) parse(input).get(0);
        assertArrayEquals(new byte[] {'k', (byte) 0xff}, e.key());
        assertArrayEquals(new byte[] {(byte) 0xfe, 0, 'v'}, e.value());
    }

    @Test
    void anEmptyInputHasNoLines() throws IOException {
        assertEquals(List.of(), parse(""));
        assertEquals(List.of(), parse("\n\n"));
    }
}
