package io.vkv.cli.console;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A program running in a real terminal: a detached tmux session on a private server, driven with send-keys and read
 * with capture-pane. tmux is required (CI installs it): without it the test fails rather than skipping.
 */
public final class Tmux implements AutoCloseable {

    private static final Path TMUX = Path.of("/usr/bin/tmux");

    private final String socket = "vkv-test-" + UUID.randomUUID();

    /** Starts {@code command} (run by the shell) in a 160x50 terminal that stays open after it exits. */
    public Tmux(String command) throws IOException, InterruptedException {
        assertTrue(Files.isExecutable(TMUX), TMUX + " is required for terminal tests: apt-get install tmux");
        tmux("-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", "160", "-y", "50");
        tmux("set-option", "-t", "t", "remain-on-exit", "on");
        tmux("set-option", "-t", "t", "history-limit", "5000");
        tmux("respawn-pane", "-k", "-t", "t", command);
    }

    /** Types {@code text} literally, then Enter. */
    public void line(String text) throws IOException, InterruptedException {
        keys(text);
        tmux("send-keys", "-t", "t", "Enter");
    }

    /** Types {@code text} literally. */
    public void keys(String text) throws IOException, InterruptedException {
        tmux("send-keys", "-t", "t", "-l", text);
    }

    /** Presses named keys, e.g. Tab, C-c, C-d. */
    public void press(String... keys) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", "t"));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
    }

    /** The whole pane with its scrollback, wrapped lines joined; with escape sequences for colours when {@code styled}. */
    String screen(boolean styled) throws IOException, InterruptedException {
        return styled ? tmux("capture-pane", "-p", "-J", "-e", "-S", "-", "-t", "t") : tmux("capture-pane", "-p", "-J", "-S", "-", "-t", "t");
    }

    /** Waits until the pane shows {@code text} {@code times} times; returns the pane. */
    public String awaitShown(String text, int times) {
        String[] last = {""};
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                last[0] = screen(false);
                return count(last[0], text) >= times;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the terminal does not show '" + text + "' " + times + " time(s); it shows:\n" + last[0], e);
        }
        return last[0];
    }

    public String awaitShown(String text) {
        return awaitShown(text, 1);
    }

    static int count(String s, String text) {
        int n = 0;
        for (int i = s.indexOf(text); i >= 0; i = s.indexOf(text, i + 1)) {
            n++;
        }
        return n;
    }

    /** True once the program in the pane has exited. */
    boolean exited() throws IOException, InterruptedException {
        return tmux("display-message", "-p", "-t", "t", "#{pane_dead}").strip().equals("1");
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(TMUX.toString(), "-L", socket));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("tmux " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        tmux("kill-server");
    }
}
