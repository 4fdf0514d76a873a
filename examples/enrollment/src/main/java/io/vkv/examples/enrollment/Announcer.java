package io.vkv.examples.enrollment;

/**
 * Tells other systems about each change, on MQTT topics under {@code portal/} (e.g. {@code portal/admin/aluno/create}),
 * as a small JSON object. A failure to announce never fails the change: vkv holds it.
 */
public interface Announcer extends AutoCloseable {

    /** Publishes {@code json} on {@code topic}. */
    void announce(String topic, String json);

    @Override
    default void close() {
    }

    /** Announces nothing: portals run without a broker. */
    static Announcer none() {
        return (topic, json) -> { };
    }

    /** {@code {"k1":"v1",...}} with the values escaped as JSON strings. */
    static String json(String... keysAndValues) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            if (i > 0) {
                b.append(',');
            }
            b.append(quote(keysAndValues[i])).append(':').append(quote(keysAndValues[i + 1]));
        }
        return b.append('}').toString();
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
