package io.vkv.cli.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandWordsTest {

    @Test
    void spacesSeparateWords() {
        assertEquals(List.of("put", "k", "v"), CommandWords.split("  put   k\tv  "));
        assertEquals(List.of(), CommandWords.split("   "));
    }

    @Test
    void quotesKeepSpacesAndMayJoinAWord() {
        assertEquals(List.of("put", "my key", "hello  world"), CommandWords.split("put \"my key\" 'hello  world'"));
        assertEquals(List.of("abc d"), CommandWords.split("a\"bc\"' d'"));
        assertEquals(List.of("put", "k", ""), CommandWords.split("put k \"\""));
    }

    @Test
    void backslashesEscapeOutsideSingleQuotes() {
        assertEquals(List.of("a b", "say \"hi\"", "back\\slash"), CommandWords.split("a\\ b \"say \\\"hi\\\"\" 'back\\slash'"));
        assertEquals(List.of("ends\\"), CommandWords.split("\"ends\\\\\""));
    }

    @Test
    void unclosedQuotesAndTrailingBackslashesAreRefused() {
        assertEquals("unclosed double quote", assertThrows(IllegalArgumentException.class, () -> CommandWords.split("put k \"v")).getMessage());
        assertEquals("unclosed single quote", assertThrows(IllegalArgumentException.class, () -> CommandWords.split("put 'k")).getMessage());
        assertEquals("unclosed double quote", assertThrows(IllegalArgumentException.class, () -> CommandWords.split("\"v\\\"")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> CommandWords.split("put k v\\"));
    }
}
