package io.vkv.cli.console;

import java.io.IOException;
import java.nio.file.Path;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.Terminal.Signal;
import org.jline.utils.AttributedStyle;

/**
 * The JLine side of the console: line editing with history and completion, the prompt, and Ctrl-C, which clears the
 * line being typed or stops a running watch but never ends the console. Lines go to a {@link CommandDispatcher}.
 */
final class ConsoleLoop {

    private static final AttributedStyle PROMPT = AttributedStyle.BOLD.foreground(AttributedStyle.GREEN);

    private ConsoleLoop() {
    }

    /** Reads and runs lines until exit or end of input (Ctrl-D); history persists in {@code history}. */
    static void run(Terminal terminal, TerminalOutput output, CommandDispatcher dispatcher, Path history) {
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("vkv")
                .completer(new ConsoleCompleter(dispatcher))
                .variable(LineReader.HISTORY_FILE, history)
                // Values are data: '!' must not expand history events.
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .build();
        // Outside line editing (e.g. during a watch) Ctrl-C is a signal: stop the watch, keep the console.
        terminal.handle(Signal.INT, signal -> dispatcher.interrupt());
        dispatcher.start();
        try {
            while (true) {
                String line;
                try {
                    line = reader.readLine(output.styled(dispatcher.prompt(), PROMPT));
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    return;
                }
                if (dispatcher.execute(line) == CommandDispatcher.Outcome.EXIT) {
                    return;
                }
            }
        } finally {
            try {
                reader.getHistory().save();
            } catch (IOException e) {
                output.error("could not save the history in " + history + ": " + e.getMessage());
            }
        }
    }
}
