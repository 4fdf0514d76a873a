package io.vkv.cli;

import io.vkv.client.Context;
import io.vkv.client.KeyHistory;
import io.vkv.client.Sibling;
import io.vkv.client.Versions;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
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
            out.println(Json.write(json -> {
                json.writeStartObject();
                json.writeStringField("key", key);
                json.writeStringField("context", context.base64());
                json.writeEndObject();
            }));
        } else {
            out.println("context: " + context.base64());
        }
    }

    /** A count of done things, e.g. {@code acknowledged 10} or {"acknowledged":10}. */
    void count(String name, long n) {
        out.println(json ? Json.write(g -> {
            g.writeStartObject();
            g.writeNumberField(name, n);
            g.writeEndObject();
        }) : name + " " + n);
    }

    /** True once the output can no longer be written (e.g. a closed pipe, as in {@code vkv dump | head}). */
    boolean closed() {
        return out.checkError();
    }

    /** The JSON object of one read: {"key","found","context","siblings":[{"value","clock","hlc","deleted","version"}]}. */
    static String toJson(Versions v) {
        return Json.write(json -> {
            json.writeStartObject();
            ValueText key = ValueText.of(v.key());
            json.writeStringField("key", key.text());
            if (key.base64()) {
                json.writeStringField("key_encoding", "base64");
            }
            json.writeBooleanField("found", v.found());
            json.writeStringField("context", v.context().base64());
            json.writeArrayFieldStart("siblings");
            for (Sibling s : v.siblings()) {
                writeSibling(json, s);
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    /** A history: one line per version, oldest first ({@code VERSION  value  at TIME}), or one JSON object. */
    void history(KeyHistory h) {
        if (json) {
            out.println(Json.write(g -> {
                g.writeStartObject();
                g.writeStringField("key", ValueText.of(h.key()).text());
                g.writeNumberField("floor", h.floor());
                g.writeArrayFieldStart("versions");
                for (Sibling s : h.versions()) {
                    writeSibling(g, s);
                }
                g.writeEndArray();
                g.writeEndObject();
            }));
            return;
        }
        if (h.versions().isEmpty()) {
            out.println("(no versions)");
        }
        for (Sibling s : h.versions()) {
            out.println(s.version() + "  " + (s.deleted() ? "(deleted)" : ValueText.of(s.value()).text()) + "  at " + hlcText(s));
        }
    }

    /** A trim: the version kept, or that the key has none. */
    void trimmed(String key, Optional<Sibling> kept) {
        if (json) {
            out.println(Json.write(g -> {
                g.writeStartObject();
                g.writeStringField("key", key);
                if (kept.isPresent()) {
                    g.writeFieldName("kept");
                    writeSibling(g, kept.get());
                } else {
                    g.writeNullField("kept");
                }
                g.writeEndObject();
            }));
            return;
        }
        out.println(kept.map(s -> "kept version " + s.version() + ": " + (s.deleted() ? "(deleted)" : ValueText.of(s.value()).text()))
                .orElse("(not found)"));
    }

    private static void writeSibling(JsonGenerator json, Sibling s) throws IOException {
        ValueText value = ValueText.of(s.value());
        json.writeStartObject();
        json.writeStringField("value", value.text());
        if (value.base64()) {
            json.writeStringField("encoding", "base64");
        }
        json.writeObjectFieldStart("clock");
        for (Map.Entry<String, Long> e : s.clock().entrySet()) {
            json.writeNumberField(e.getKey(), e.getValue());
        }
        json.writeEndObject();
        json.writeNumberField("hlc", s.hlc());
        json.writeBooleanField("deleted", s.deleted());
        json.writeNumberField("version", s.version());
        json.writeEndObject();
    }

    /** One sibling as text: its value (or "(deleted)"), its vector clock, its hybrid time and its version number. */
    public static String siblingText(Sibling s) {
        String value = s.deleted() ? "(deleted)" : ValueText.of(s.value()).text();
        return value + "  clock " + clockText(s.clock()) + "  at " + hlcText(s) + "  version " + s.version();
    }

    private static String clockText(Map<String, Long> clock) {
        return clock.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(", ", "{", "}"));
    }

    private static String hlcText(Sibling s) {
        return Instant.ofEpochMilli(s.hlcMillis()) + (s.hlcLogical() == 0 ? "" : " +" + s.hlcLogical());
    }
}
