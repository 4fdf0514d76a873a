package io.vkv.cli;

/** Quotes a value a user typed for an error message, escaping control characters so the message stays one line. */
final class Quote {

    /** Values longer than this are cut: a message must fit on a screen even when the value does not. */
    private static final int MAX_SHOWN = 60;

    private Quote() {
    }

    static String of(String value) {
        if (value == null) {
            return "''";
        }
        StringBuilder b = new StringBuilder("'");
        int shown = Math.min(value.length(), MAX_SHOWN);
        for (int i = 0; i < shown; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (shown < value.length()) {
            b.append("...' (").append(value.length()).append(" characters)");
            return b.toString();
        }
        return b.append('\'').toString();
    }
}
