package io.vkv.cli;

import io.vkv.client.Context;
import io.vkv.client.Sibling;
import io.vkv.client.Versions;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Prints command results: one JSON object per line with {@code --json}, readable text otherwise.
 * Values are UTF-8 text, or base64 flagged {@code "encoding":"base64"} when they are not valid UTF-8.
 */
public final class ResultPrinter {

    private final PrintWriter out;
    private final boolean json;

    ResultPrinter(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    /** A get: the value, "(not found)" or the list of siblings, then the context on its own line. */
    void read(Versions v) {
        if (json) {
            out.println(toJson(v));
            return;
        }
        if (!v.found()) {
            out.println("(not found)");
        } else if (v.siblings().size() == 1) {
            out.println(ValueText.of(v.siblings().get(0).value()).text());
        } else {
            out.println("(" + v.siblings().size() + " siblings)");
            for (Sibling s : v.siblings()) {
                out.println("  " + siblingText(s));
            }
        }
        if (!v.context().isEmpty()) {
            out.println("context: " + v.context().base64());
        }
    }

    /** A key of a scan or dump: text lines {@code key<TAB>value}, one per live sibling, as {@code load} reads them. */
    void entry(Versions v) {
        if (json) {
            out.println(toJson(v));
            return;
        }
        String key = ValueText.of(v.key()).text();
        for (Sibling s : v.live()) {
            out.println(key + "\t" + ValueText.of(s.value()).text());
        }
    }

    /** A put or delete: the key and its new context. */
    void written(String key, Context context) {
        if (json) {
            out.println(new JsonWriter().beginObject().name("key").value(key).name("context").value(context.base64()).endObject());
        } else {
            out.println("context: " + context.base64());
        }
    }

    /** A count of done things, e.g. {@code acknowledged 10} or {"acknowledged":10}. */
    void count(String name, long n) {
        out.println(json ? new JsonWriter().beginObject().name(name).value(n).endObject().toString() : name + " " + n);
    }

    /** True once the output can no longer be written (e.g. a closed pipe, as in {@code vkv dump | head}). */
    boolean closed() {
        return out.checkError();
    }

    /** The JSON object of one read: {"key","found","context","siblings":[{"value","clock","hlc","deleted"}]}. */
    static String toJson(Versions v) {
        JsonWriter w = new JsonWriter().beginObject();
        ValueText key = ValueText.of(v.key());
        w.name("key").value(key.text());
        if (key.base64()) {
            w.name("key_encoding").value("base64");
        }
        w.name("found").value(v.found());
        w.name("context").value(v.context().base64());
        w.name("siblings").beginArray();
        for (Sibling s : v.siblings()) {
            ValueText value = ValueText.of(s.value());
            w.beginObject().name("value").value(value.text());
            if (value.base64()) {
                w.name("encoding").value("base64");
            }
            w.name("clock").beginObject();
            s.clock().forEach((actor, counter) -> w.name(actor).value(counter));
            w.endObject();
            w.name("hlc").value(s.hlc()).name("deleted").value(s.deleted()).endObject();
        }
        return w.endArray().endObject().toString();
    }

    /** One sibling as text: its value (or "(deleted)"), its vector clock and its hybrid time. */
    public static String siblingText(Sibling s) {
        String value = s.deleted() ? "(deleted)" : ValueText.of(s.value()).text();
        return value + "  clock " + clockText(s.clock()) + "  at " + hlcText(s);
    }

    private static String clockText(Map<String, Long> clock) {
        return clock.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(", ", "{", "}"));
    }

    private static String hlcText(Sibling s) {
        return Instant.ofEpochMilli(s.hlcMillis()) + (s.hlcLogical() == 0 ? "" : " +" + s.hlcLogical());
    }
}
