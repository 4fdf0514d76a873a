package io.vkv.examples.chat;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The chat's web page in a real headless Chromium, in one room with the real terminal client through the other server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChatWebPageTest {

    private static final Duration SETTLE = Duration.ofSeconds(60);
    private static final String ROOM = "web-room";

    private ChatFixture chat;
    private HeadlessChromium browser;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        chat = new ChatFixture(dir, Map.of());
        browser = HeadlessChromium.start();
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        chat.close();
    }

    private void fill(String id, String value) throws Exception {
        browser.evaluate("document.getElementById('" + id + "').value = " + quote(value));
    }

    private void click(String id) throws Exception {
        browser.evaluate("document.getElementById('" + id + "').click()");
    }

    private String status() throws Exception {
        return browser.evaluate("document.getElementById('status').textContent");
    }

    /** The messages the page shows, one "nickname: text" per line, in the page's order. */
    private String shown() throws Exception {
        return browser.evaluate("[...document.querySelectorAll('#messages li')]"
                + ".map(li => li.querySelector('.nick').textContent + ': ' + li.querySelector('.text').textContent).join('\\n')");
    }

    private static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    @Test
    void aPageJoinsSeesTheHistoryAndChatsWithATerminalClientThroughTheOtherServer() throws Exception {
        browser.open("http://127.0.0.1:" + chat.servers.get(0).webPort() + "/");
        fill("room", ROOM);
        fill("password", "pw");
        click("create");
        await().atMost(SETTLE).until(() -> status().equals("room " + ROOM + " created"));
        chat.user(0).join(ROOM, "pw", "early").send("said before you came");

        fill("password", "nope");
        fill("nickname", "web");
        click("join");
        await().atMost(SETTLE).until(() -> status().equals("wrong password for room '" + ROOM + "'"));
        assertEquals("true", browser.evaluate("document.getElementById('text').disabled"), "a refused join does not open the room");

        fill("password", "pw");
        click("join");
        await().atMost(SETTLE).until(() -> status().equals("joined " + ROOM + " as web"));
        assertEquals("early: said before you came", shown(), "the page shows the room's history on joining");

        try (TerminalClient term = new TerminalClient(chat, 1, "term")) {
            term.type("hello from the terminal");
            await().atMost(SETTLE).until(() -> shown().contains("term: hello from the terminal"));
            assertFalse(browser.evaluate("[...document.querySelectorAll('#messages .nick')].find(n => n.textContent === 'term')"
                    + ".style.color").isEmpty(), "the nickname is coloured");

            fill("text", "hello from the browser");
            click("send-button");
            await().atMost(SETTLE).until(() -> term.screen().contains("web: hello from the browser"));
            assertEquals("", browser.evaluate("document.getElementById('text').value"), "the input is cleared once sent");
            assertEquals("early: said before you came\nterm: hello from the terminal\nweb: hello from the browser", shown());
            assertEquals(0, term.quit(), "the terminal client leaves on /quit");
        }
    }

    /** The real terminal client on a JLine terminal over pipes: lines typed in, the screen captured. */
    private static final class TerminalClient implements AutoCloseable {

        private final PipedOutputStream keys = new PipedOutputStream();
        private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
        private final Terminal terminal;
        private final CompletableFuture<Integer> exit = new CompletableFuture<>();

        TerminalClient(ChatFixture chat, int server, String nickname) throws Exception {
            terminal = TerminalBuilder.builder().system(false).streams(new PipedInputStream(keys, 1 << 16), screen)
                    .type("dumb").encoding(StandardCharsets.UTF_8).build();
            Thread t = new Thread(() -> {
                try {
                    exit.complete(ChatTerminal.run(chat.channel(server), terminal, ROOM, nickname, "pw", false));
                } catch (RuntimeException e) {
                    exit.completeExceptionally(e);
                }
            }, "terminal-client");
            t.setDaemon(true);
            t.start();
            await().atMost(SETTLE).until(() -> screen().contains("joined " + ROOM + " as " + nickname));
        }

        void type(String line) throws Exception {
            keys.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            keys.flush();
        }

        /** What the terminal showed, escape sequences removed. */
        String screen() {
            return screen.toString(StandardCharsets.UTF_8).replaceAll("\u001B\\[[0-9;?]*[A-Za-z]", "");
        }

        int quit() throws Exception {
            type("/quit");
            return exit.get(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws Exception {
            keys.close();
            terminal.close();
            assertTrue(exit.isDone() || exit.completeExceptionally(new IllegalStateException("closed")));
        }
    }
}
