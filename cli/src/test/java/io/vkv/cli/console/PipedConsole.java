package io.vkv.cli.console;

import static org.awaitility.Awaitility.await;

import io.vkv.client.Credentials;
import io.vkv.client.HostPort;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/** The console loop on a dumb JLine terminal over pipes, in a thread of its own: a test types lines and reads the screen. */
final class PipedConsole implements AutoCloseable {

    private final PipedOutputStream keyboard = new PipedOutputStream();
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    private final Terminal terminal;
    private final Thread loop;
    private volatile Throwable died;

    /** Starts the console on {@code nodes} (the first in use), keeping its history in {@code history}. */
    PipedConsole(List<HostPort> nodes, Path history) throws IOException {
        PipedInputStream in = new PipedInputStream(keyboard, 64 * 1024);
        terminal = TerminalBuilder.builder().system(false).streams(in, screen).type(Terminal.TYPE_DUMB).dumb(true)
                .encoding(StandardCharsets.UTF_8).build();
        KnownNodes known = new KnownNodes();
        nodes.forEach(n -> known.add(n, null));
        ConsoleSession session = new ConsoleSession(known, nodes.get(0), Duration.ofSeconds(5), Credentials.plaintext());
        TerminalOutput output = new TerminalOutput(terminal);
        CommandDispatcher dispatcher = new CommandDispatcher(session, output);
        loop = new Thread(() -> {
            try (session) {
                ConsoleLoop.run(terminal, output, dispatcher, history);
            } catch (Throwable t) {
                died = t;
            }
        }, "piped-console");
        loop.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> screen().endsWith("> "));
    }

    /** Types {@code line} and Enter. */
    void type(String line) throws IOException {
        keyboard.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }

    /** Everything the console has written so far, with the terminal's CR LF line ends read as LF. */
    String screen() {
        return screen.toString(StandardCharsets.UTF_8).replace("\r", "");
    }

    /** Waits until the screen shows {@code text} (after the first {@code from} characters) and returns what follows from. */
    String awaitScreen(int from, String text) {
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> screen().indexOf(text, from) >= 0);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the console does not show '" + text + "'; it shows:\n" + screen().substring(from), e);
        }
        return screen().substring(from);
    }

    /** Types {@code line} and returns what the console printed for it, up to the next prompt. */
    String run(String line) throws IOException {
        // Start from an idle console (its prompt last on screen), or an earlier prompt would pass for this line's.
        await().atMost(Duration.ofSeconds(20)).until(() -> screen().endsWith("> "));
        int from = screen().length();
        type(line);
        // The prompt comes back once the command has finished.
        await().atMost(Duration.ofSeconds(20)).until(() -> promptAfterOutput(from));
        String out = screen().substring(from);
        return out.substring(0, out.lastIndexOf("vkv "));
    }

    private boolean promptAfterOutput(int from) {
        String s = screen().substring(from);
        return s.lastIndexOf("vkv ") >= 0 && s.endsWith("> ");
    }

    /** Sends Ctrl-C as the terminal would outside line editing (SIGINT). */
    void interrupt() {
        terminal.raise(Terminal.Signal.INT);
    }

    boolean alive() {
        return loop.isAlive() && died == null;
    }

    Throwable died() {
        return died;
    }

    /** Ends the input (Ctrl-D) and waits for the loop to return. */
    @Override
    public void close() throws Exception {
        keyboard.close();
        loop.join(10_000);
        terminal.close();
    }

    /** Waits for the loop to end by itself (after exit). */
    void awaitEnd() throws InterruptedException {
        loop.join(10_000);
    }
}
