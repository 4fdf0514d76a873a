package io.vkv.cli;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Builds one JSON document as text, commas and escapes included, so the CLI needs no JSON library.
 * Calls must nest correctly (name then value inside objects); misuse throws IllegalStateException.
 */
public final class JsonWriter {

    private final StringBuilder out = new StringBuilder();
    /** One entry per open object/array: true until its first member has been written. */
    private final Deque<Boolean> first = new ArrayDeque<>();
    private final Deque<Character> open = new ArrayDeque<>();
    private boolean afterName;

    public JsonWriter beginObject() {
        beforeValue();
        return push('{');
    }

    public JsonWriter endObject() {
        return pop('{', '}');
    }

    public JsonWriter beginArray() {
        beforeValue();
        return push('[');
    }

    public JsonWriter endArray() {
        return pop('[', ']');
    }

    /** The name of the next member of the current object. */
    public JsonWriter name(String name) {
        if (open.peek() == null || open.peek() != '{' || afterName) {
            throw new IllegalStateException("a name belongs directly inside an object, before its value");
        }
        separate();
        string(name);
        out.append(':');
        afterName = true;
        return this;
    }

    public JsonWriter value(String s) {
        beforeValue();
        if (s == null) {
            out.append("null");
        } else {
            string(s);
        }
        return this;
    }

    public JsonWriter value(long n) {
        beforeValue();
        out.append(n);
        return this;
    }

    /** A finite number; NaN and infinities, which JSON cannot hold, are written as null. */
    public JsonWriter value(double n) {
        beforeValue();
        out.append(Double.isFinite(n) ? Double.toString(n) : "null");
        return this;
    }

    public JsonWriter value(boolean b) {
        beforeValue();
        out.append(b);
        return this;
    }

    /** The document; every object and array must be closed. */
    @Override
    public String toString() {
        if (!open.isEmpty()) {
            throw new IllegalStateException("unclosed " + open.peek());
        }
        return out.toString();
    }

    private JsonWriter push(char c) {
        out.append(c);
        open.push(c);
        first.push(true);
        return this;
    }

    private JsonWriter pop(char expected, char close) {
        if (open.isEmpty() || open.peek() != expected || afterName) {
            throw new IllegalStateException("'" + close + "' does not close what is open");
        }
        open.pop();
        first.pop();
        out.append(close);
        return this;
    }

    private void beforeValue() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (!open.isEmpty()) {
            if (open.peek() == '{') {
                throw new IllegalStateException("a value inside an object needs a name first");
            }
            separate();
        } else if (out.length() > 0) {
            throw new IllegalStateException("a JSON document has one top-level value");
        }
    }

    private void separate() {
        if (!first.pop()) {
            out.append(',');
        }
        first.push(false);
    }

    /** Quotes {@code s}, escaping what RFC 8259 requires plus U+2028/U+2029, which break JavaScript parsers. */
    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029' || Character.isSurrogate(c) && !validSurrogateAt(s, i)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** True when the surrogate at {@code i} is half of a well-formed pair (a lone one would make invalid UTF-8 output). */
    private static boolean validSurrogateAt(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
