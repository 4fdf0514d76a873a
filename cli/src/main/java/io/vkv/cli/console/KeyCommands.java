package io.vkv.cli.console;

import io.vkv.cli.ResultPrinter;
import io.vkv.cli.ValueText;
import io.vkv.client.Context;
import io.vkv.client.Put;
import io.vkv.client.Sibling;
import io.vkv.client.Versions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The console's reads and writes of keys, each with the context the session remembers for the key. */
final class KeyCommands {

    static final int DEFAULT_LIMIT = 1000;

    private final ConsoleSession session;
    private final ConsoleOutput out;

    KeyCommands(ConsoleSession session, ConsoleOutput out) {
        this.session = session;
        this.out = out;
    }

    void get(String key) {
        Versions v = read(key);
        if (!v.found()) {
            out.note("(not found)");
        } else if (v.siblings().size() == 1) {
            out.value(text(v.siblings().get(0).value()));
        } else {
            out.note(v.siblings().size() + " siblings (versions written without seeing each other); put or resolve replaces them all:");
            v.siblings().forEach(s -> out.line("  " + ResultPrinter.siblingText(s)));
        }
    }

    void siblings(String key) {
        Versions v = read(key);
        if (v.siblings().isEmpty()) {
            out.note("(no versions: " + key + " was never written)");
            return;
        }
        int i = 1;
        for (Sibling s : v.siblings()) {
            out.line("[" + i++ + "] " + ResultPrinter.siblingText(s) + "  hlc " + s.hlc());
        }
    }

    void put(String key, String value) {
        Context read = session.context(key);
        session.remember(key, session.client().put(key, value, read));
        out.note(read.isEmpty() ? "ok (blind write: a value " + key + " had, if any, stays beside it as a sibling)"
                : "ok (replaced the version you read)");
    }

    void del(String key) {
        Context read = session.context(key);
        session.remember(key, session.client().delete(key, read));
        out.note(read.isEmpty() ? "deleted (blind: values of " + key + " you have not read stay as siblings)" : "deleted");
    }

    void resolve(String key, String value) {
        Versions v = read(key);
        session.remember(key, session.client().put(key, value, v.context()));
        int replaced = v.siblings().size();
        out.note(replaced > 1 ? "resolved " + replaced + " siblings of " + key + " into one value"
                : "ok (" + key + " had " + (replaced == 0 ? "no value" : "no concurrent siblings") + "; wrote over what it had)");
    }

    /** {@code scan [FROM [TO]] [--limit N]}. */
    void scan(List<String> args) {
        List<String> bounds = new ArrayList<>();
        int limit = limitOption(args, bounds);
        if (bounds.size() > 2) {
            throw new IllegalArgumentException("usage: scan [FROM [TO]] [--limit N]");
        }
        String from = bounds.isEmpty() ? null : bounds.get(0);
        String to = bounds.size() < 2 ? null : bounds.get(1);
        List<Versions> keys = session.client().scan(from, to, limit);
        for (Versions v : keys) {
            ValueText key = ValueText.of(v.key());
            if (!key.base64()) {
                session.remember(key.text(), v.context());
            }
            List<Sibling> live = v.live();
            for (Sibling s : live) {
                out.line(key.text() + "  " + text(s.value()) + (live.size() > 1 ? "  (sibling)" : ""));
            }
        }
        out.note("(" + keys.size() + (keys.size() == 1 ? " key" : " keys")
                + (keys.size() == limit ? "; there may be more: --limit N" : "") + ")");
    }

    /** {@code putall KEY VALUE [KEY VALUE ...]}: one batch, each key with its remembered context. */
    void putAll(List<String> args) {
        if (args.size() % 2 != 0) {
            throw new IllegalArgumentException("usage: putall KEY VALUE [KEY VALUE ...] (" + args.size() + " words is not pairs)");
        }
        List<Put> puts = new ArrayList<>();
        for (int i = 0; i < args.size(); i += 2) {
            puts.add(Put.of(args.get(i), args.get(i + 1), session.context(args.get(i))));
        }
        List<Context> written = session.client().putMany(puts);
        for (int i = 0; i < written.size(); i++) {
            session.remember(args.get(2 * i), written.get(i));
        }
        out.note("ok: " + written.size() + (written.size() == 1 ? " key" : " keys") + " written");
    }

    void context(List<String> args) {
        if (!args.isEmpty()) {
            out.line(session.rememberedContext(args.get(0)).map(Context::base64)
                    .orElse("(none: the next put of " + args.get(0) + " is blind)"));
            return;
        }
        Map<String, Context> all = session.contexts();
        if (all.isEmpty()) {
            out.note("(no contexts yet: get or put a key)");
        }
        all.forEach((key, context) -> out.line(key + "  " + context.base64()));
    }

    void forget(String key) {
        out.note(session.forget(key) ? "forgot the context of " + key + ": the next put of it is blind"
                : "(no context remembered for " + key + ")");
    }

    private Versions read(String key) {
        Versions v = session.client().get(key);
        session.remember(key, v.context());
        return v;
    }

    /** Removes {@code --limit N} from {@code args}, putting the other words in {@code rest}; the limit or the default. */
    private static int limitOption(List<String> args, List<String> rest) {
        int limit = DEFAULT_LIMIT;
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--limit")) {
                if (i + 1 == args.size()) {
                    throw new IllegalArgumentException("--limit needs a number");
                }
                try {
                    limit = Integer.parseInt(args.get(++i));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--limit needs a number, got '" + args.get(i) + "'");
                }
                if (limit < 1) {
                    throw new IllegalArgumentException("--limit must be at least 1, got " + limit);
                }
            } else {
                rest.add(args.get(i));
            }
        }
        return limit;
    }

    private static String text(byte[] value) {
        ValueText t = ValueText.of(value);
        return t.base64() ? t.text() + " (base64)" : t.text();
    }
}
