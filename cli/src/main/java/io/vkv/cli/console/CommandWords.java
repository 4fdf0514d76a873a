package io.vkv.cli.console;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a console line into words as a shell would: spaces separate, {@code '...'} is literal, {@code "..."} allows
 * {@code \"} and {@code \\}, and a backslash outside quotes escapes the next character. {@code ""} is an empty word.
 */
final class CommandWords {

    private CommandWords() {
    }

    /** The words of {@code line}; an unclosed quote or a trailing backslash is an IllegalArgumentException. */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else if (c == '\'' || c == '"') {
                int end = line.indexOf(c, i + 1);
                while (c == '"' && end > 0 && escaped(line, end)) {
                    end = line.indexOf(c, end + 1);
                }
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed " + (c == '"' ? "double" : "single") + " quote");
                }
                String quoted = line.substring(i + 1, end);
                word.append(c == '"' ? quoted.replaceAll("\\\\([\"\\\\])", "$1") : quoted);
                inWord = true;
                i = end;
            } else if (c == '\\') {
                if (i + 1 == line.length()) {
                    throw new IllegalArgumentException("a backslash at the end of the line escapes nothing");
                }
                word.append(line.charAt(++i));
                inWord = true;
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** True when the quote at {@code at} is preceded by an odd number of backslashes. */
    private static boolean escaped(String line, int at) {
        int n = 0;
        for (int i = at - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            n++;
        }
        return n % 2 == 1;
    }
}
