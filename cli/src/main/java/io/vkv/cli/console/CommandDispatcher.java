package io.vkv.cli.console;

import io.vkv.cli.InternalErrors;
import io.vkv.cli.NodeErrors;
import io.vkv.client.VkvException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The console's commands without any terminal: parses a line, runs the command against the session and writes the
 * outcome to a {@link ConsoleOutput}. A bad line or a failed call is one error line; nothing here ends the console
 * but {@code exit}.
 */
final class CommandDispatcher {

    /** Whether the console goes on after a line. */
    public enum Outcome { CONTINUE, EXIT }

    /** What a command's arguments complete to. */
    enum Completion { NONE, KEY, NODE, COMMAND }

    /** A command's body, given its arguments. */
    @FunctionalInterface
    interface Body {
        void run(List<String> args) throws InterruptedException;
    }

    /** One command: names, synopsis, help, how many arguments it takes and what they complete to. */
    record Command(String name, List<String> aliases, String args, String help, int minArgs, int maxArgs, Completion completion, Body body) {
        String synopsis() {
            return args.isEmpty() ? name : name + " " + args;
        }
    }

    private static final String CONTEXT_HELP = String.join("\n",
            "The console remembers the context of the last get, put, del or scan of each key and writes with it, so",
            "put after get overwrites what you read. A put of a key you have not read (or after forget) is a blind write:",
            "a value the key already had stays beside it as a sibling. get and siblings show siblings; resolve replaces them.",
            "Quote values with spaces: put greeting \"hello world\". Tab completes commands and the keys seen so far.");

    private final ConsoleSession session;
    private final ConsoleOutput out;
    private final WatchCommand watch;
    private final NodeCommands nodes;
    private final List<Command> commands;
    private final Map<String, Command> byName = new LinkedHashMap<>();

    CommandDispatcher(ConsoleSession session, ConsoleOutput out) {
        this.session = session;
        this.out = out;
        this.watch = new WatchCommand(session, out);
        KeyCommands keys = new KeyCommands(session, out);
        HistoryCommands history = new HistoryCommands(session, out);
        NodeCommands nodes = new NodeCommands(session, out);
        commands = List.of(
                new Command("get", List.of(), "KEY [--at VERSION]", "read KEY: its value, or its concurrent siblings; --at: as of VERSION",
                        1, 3, Completion.KEY, a -> {
                            if (a.size() == 1) {
                                keys.get(a.get(0));
                            } else {
                                history.getAt(a.get(0), a.subList(1, a.size()));
                            }
                        }),
                new Command("put", List.of(), "KEY VALUE", "write VALUE, over what you last read of KEY (see below)", 2, 2,
                        Completion.KEY, a -> keys.put(a.get(0), a.get(1))),
                new Command("del", List.of("delete"), "KEY", "delete KEY (write a tombstone), over what you last read of it", 1, 1,
                        Completion.KEY, a -> keys.del(a.get(0))),
                new Command("scan", List.of("getrange"), "[FROM [TO]] [--limit N]", "keys in [FROM, TO) in byte order, with values",
                        0, 4, Completion.KEY, keys::scan),
                new Command("getall", List.of(), "[--limit N]", "every key with its values (up to " + KeyCommands.DEFAULT_LIMIT + ")",
                        0, 2, Completion.NONE, keys::scan),
                new Command("putall", List.of(), "KEY VALUE [KEY VALUE ...]", "write several keys in one batch", 2, Integer.MAX_VALUE,
                        Completion.KEY, keys::putAll),
                new Command("siblings", List.of(), "KEY", "every version of KEY, deletes too, with its vector clock and hybrid time",
                        1, 1, Completion.KEY, a -> keys.siblings(a.get(0))),
                new Command("history", List.of(), "KEY", "every version KEY keeps, oldest first, with its version number", 1, 1,
                        Completion.KEY, a -> history.history(a.get(0))),
                new Command("trim", List.of(), "KEY", "drop every version of KEY but the latest, on every replica", 1, 1,
                        Completion.KEY, a -> history.trim(a.get(0))),
                new Command("resolve", List.of(), "KEY VALUE", "read KEY and write VALUE over all its siblings (merged context)",
                        2, 2, Completion.KEY, a -> keys.resolve(a.get(0), a.get(1))),
                new Command("watch", List.of(), "[PREFIX]", "print changes to keys starting with PREFIX until Ctrl-C", 0, 1,
                        Completion.KEY, a -> watch.run(a.isEmpty() ? "" : a.get(0))),
                new Command("context", List.of(), "[KEY]", "the context remembered for KEY, or for every key", 0, 1, Completion.KEY,
                        keys::context),
                new Command("forget", List.of(), "KEY", "drop the context of KEY: its next put is blind", 1, 1, Completion.KEY,
                        a -> keys.forget(a.get(0))),
                new Command("use", List.of(), "NODE", "talk to NODE: an id listed by nodes, or HOST:PORT", 1, 1, Completion.NODE,
                        a -> nodes.use(a.get(0))),
                new Command("nodes", List.of(), "", "the nodes known, * the one in use, and whether they answer", 0, 0,
                        Completion.NONE, a -> nodes.nodes()),
                new Command("ring", List.of(), "", "the ring as the node in use sees it: tokens and partitions of each member", 0, 0,
                        Completion.NONE, a -> nodes.ring()),
                new Command("where", List.of(), "KEY", "the partition of KEY and the nodes that replicate it, in preference order", 1, 1,
                        Completion.KEY, a -> nodes.where(a.get(0))),
                new Command("help", List.of("?"), "[COMMAND]", "this list, or one command", 0, 1, Completion.COMMAND, this::help),
                new Command("exit", List.of("quit"), "", "leave the console (Ctrl-D does too)", 0, 0, Completion.NONE, a -> { }));
        for (Command c : commands) {
            byName.put(c.name(), c);
            c.aliases().forEach(alias -> byName.put(alias, c));
        }
        this.nodes = nodes;
    }

    /** Greets the user, saying which node is in use and whether it answers. */
    void start() {
        if (nodes.discover()) {
            out.note("vkv console on " + session.nodes().label(session.current()) + ": type help for the commands, Ctrl-D to leave");
        } else {
            out.error(session.current() + " does not answer: start it, or switch with use NODE (help lists the commands)");
        }
    }

    /** Runs one line; never throws for a bad line or a failed call. */
    public Outcome execute(String line) {
        try {
            List<String> words = CommandWords.split(line);
            if (words.isEmpty()) {
                return Outcome.CONTINUE;
            }
            Optional<Command> command = command(words.get(0));
            if (command.isEmpty()) {
                out.error("unknown command '" + words.get(0) + "': type help for the list");
                return Outcome.CONTINUE;
            }
            Command c = command.get();
            List<String> args = words.subList(1, words.size());
            if (args.size() < c.minArgs() || args.size() > c.maxArgs()) {
                out.error("usage: " + c.synopsis());
                return Outcome.CONTINUE;
            }
            if (c.name().equals("exit")) {
                return Outcome.EXIT;
            }
            c.body().run(args);
        } catch (VkvException e) {
            out.error(NodeErrors.describe(e, session.current()));
        } catch (IllegalArgumentException e) {
            out.error(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.error("interrupted");
        } catch (RuntimeException e) {
            out.error(InternalErrors.report(e, "the console's '" + line.strip().split("\\s+")[0] + "'"));
        }
        return Outcome.CONTINUE;
    }

    /** Ctrl-C outside line editing: stops a running watch. */
    public void interrupt() {
        watch.interrupt();
    }

    /** The prompt: the node in use, by id when known. */
    public String prompt() {
        return "vkv " + session.nodes().id(session.current()).orElse(session.current().toString()) + "> ";
    }

    /** The command named {@code name} (or aliased so), case-insensitively. */
    Optional<Command> command(String name) {
        return Optional.ofNullable(byName.get(name.toLowerCase(Locale.ROOT)));
    }

    /** Every name and alias, for completion. */
    List<String> names() {
        return new ArrayList<>(byName.keySet());
    }

    ConsoleSession session() {
        return session;
    }

    private void help(List<String> args) {
        if (!args.isEmpty()) {
            Command c = command(args.get(0)).orElseThrow(() -> new IllegalArgumentException("no command '" + args.get(0) + "'"));
            out.line(c.synopsis() + (c.aliases().isEmpty() ? "" : "  (also: " + String.join(", ", c.aliases()) + ")"));
            out.line("  " + c.help());
            return;
        }
        for (Command c : commands) {
            out.line(String.format("  %-38s %s", c.synopsis(), c.help()));
        }
        out.line("");
        CONTEXT_HELP.lines().forEach(out::note);
    }
}
