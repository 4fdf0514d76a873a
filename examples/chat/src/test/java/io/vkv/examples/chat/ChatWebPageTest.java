package io.vkv.examples.chat;

import static io.vkv.examples.chat.HeadlessChromium.literal;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ListValue;
import com.google.protobuf.util.JsonFormat;
import io.grpc.Channel;
import io.vkv.examples.chat.v1.CreateRoomRequest;
import io.vkv.examples.chat.v1.SearchRoomsRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The chat's web page in a real headless Chromium, chatting with the terminal client through the other chat server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChatWebPageTest {

    private static final Duration SETTLE = Duration.ofSeconds(60);
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]");

    private HeadlessChromium browser;
    private ChatFixture chat;

    /** A message as the page shows it: one li under #messages. */
    private record Shown(String nick, String text, String colour) {
    }

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        browser = HeadlessChromium.start(); // first: without a browser there is nothing to test
        chat = new ChatFixture(dir, Map.of());
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (chat != null) {
                chat.close();
            }
        }
    }

    @Test
    void thePageAndTheTerminalClientChatThroughDifferentServers() throws Exception {
        openPage(1);
        fill("room", "bridge");
        fill("password", "s3cret");
        click("create");
        awaitStatus("room bridge created");
        fill("nickname", "web");
        click("join");
        awaitStatus("joined bridge as web");
        await("the page's event stream to open").atMost(SETTLE)
                .until(() -> "true".equals(browser.evaluate("events !== null && events.readyState === EventSource.OPEN")));
        awaitRoom(0, "bridge"); // the terminal joins through the other server, on the other node

        try (TerminalClient term = new TerminalClient(chat.channel(0), "bridge", "term", "s3cret")) {
            await().atMost(SETTLE).untilAsserted(() -> assertTrue(term.screen().contains("joined bridge as term"), term::screen));
            term.type("hello from the terminal\n");
            await().atMost(SETTLE).untilAsserted(() -> assertTrue(shown().stream()
                    .anyMatch(m -> m.nick().equals("term") && m.text().equals("hello from the terminal")), this::page));
            Shown fromTerminal = shown().stream().filter(m -> m.nick().equals("term")).findFirst().orElseThrow();
            assertTrue(fromTerminal.colour().startsWith("rgb("), "the nickname is coloured: " + fromTerminal);

            fill("text", "hello from the browser");
            click("send-button"); // submits the form #send
            await().atMost(SETTLE).untilAsserted(() -> assertEquals(List.of("hello from the terminal", "hello from the browser"),
                    shown().stream().map(Shown::text).toList(), this::page));
            assertEquals("", browser.evaluate("document.getElementById('text').value"), "the input is cleared once sent");
            Shown fromPage = shown().get(1);
            assertEquals("web", fromPage.nick());
            assertNotEquals(fromTerminal.colour(), fromPage.colour(), "each nickname has its own colour");
            await().atMost(SETTLE).untilAsserted(() -> assertTrue(term.screen().contains("web: hello from the browser"), term::screen));

            term.type("/quit\n");
            await("the terminal client to end after /quit").atMost(Duration.ofSeconds(30)).until(term.exit::isDone);
            assertEquals(0, term.exit.get(), "what the terminal client's run() returns");
        }
    }

    @Test
    void aWrongPasswordTypedInThePageIsRefusedAndDoesNotJoin() {
        chat.chat(1).createRoom(CreateRoomRequest.newBuilder().setRoom("guarded").setPassword("right").build());
        openPage(1);
        fill("room", "guarded");
        fill("password", "wrong");
        fill("nickname", "intruder");
        click("join");
        awaitStatus("wrong password for room 'guarded'");
        assertEquals("null", browser.evaluate("String(session)"));
        assertEquals("true", browser.evaluate("document.getElementById('text').disabled"), "nothing can be sent");
        assertEquals("false", browser.evaluate("document.getElementById('join').disabled"), "joining stays possible");
        chat.user(1).join("guarded", "right", "intruder"); // the nickname was not taken
    }

    @Test
    void joiningThroughThePageShowsTheRoomsEarlierMessages() throws Exception {
        chat.chat(0).createRoom(CreateRoomRequest.newBuilder().setRoom("archive").setPassword("pw").build());
        awaitRoom(1, "archive");
        ChatUser elder = chat.user(0).join("archive", "pw", "elder");
        ChatUser watcher = chat.user(1).join("archive", "pw", "watcher");
        List<String> sent = List.of("first", "second", "third");
        sent.forEach(elder::send);
        await().atMost(SETTLE).until(() -> watcher.texts().equals(sent)); // they reached the page's server's node

        openPage(1);
        fill("room", "archive");
        fill("password", "pw");
        fill("nickname", "late");
        click("join");
        awaitStatus("joined archive as late");
        List<Shown> history = shown();
        assertEquals(sent, history.stream().map(Shown::text).toList(), "the earlier messages, oldest first");
        assertTrue(history.stream().allMatch(m -> m.nick().equals("elder") && m.colour().startsWith("rgb(")), history::toString);
    }

    private void openPage(int server) {
        browser.open("http://127.0.0.1:" + chat.servers.get(server).webPort() + "/");
    }

    private void fill(String id, String value) {
        browser.evaluate("document.getElementById(" + literal(id) + ").value = " + literal(value));
    }

    private void click(String id) {
        browser.evaluate("document.getElementById(" + literal(id) + ").click()");
    }

    private void awaitStatus(String expected) {
        await().atMost(SETTLE).untilAsserted(() -> assertEquals(expected,
                browser.evaluate("document.getElementById('status').textContent"), this::page));
    }

    private void awaitRoom(int server, String room) {
        await().atMost(SETTLE).until(() -> chat.chat(server).searchRooms(SearchRoomsRequest.newBuilder().setQuery(room).build())
                .getRoomsList().contains(room));
    }

    /** The messages the page shows, in its order. */
    private List<Shown> shown() throws IOException {
        String json = browser.evaluate("JSON.stringify([...document.querySelectorAll('#messages li')].map(li => ["
                + "li.querySelector('.nick').textContent, li.querySelector('.text').textContent, li.querySelector('.nick').style.color]))");
        ListValue.Builder rows = ListValue.newBuilder();
        JsonFormat.parser().merge(json, rows);
        return rows.getValuesList().stream().map(r -> r.getListValue().getValuesList())
                .map(r -> new Shown(r.get(0).getStringValue(), r.get(1).getStringValue(), r.get(2).getStringValue())).toList();
    }

    /** The page's state and console, for failure messages. */
    private String page() {
        return "page status '" + browser.evaluate("document.getElementById('status').textContent") + "', messages "
                + browser.evaluate("document.getElementById('messages').innerText") + ", console " + browser.console();
    }

    /** The real terminal client on a thread of its own: typed to through a pipe, its screen captured. */
    private static final class TerminalClient implements AutoCloseable {

        private final PipedOutputStream keys = new PipedOutputStream();
        private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
        private final Terminal terminal;
        private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "chat-terminal");
            t.setDaemon(true);
            return t;
        });
        final Future<Integer> exit;

        TerminalClient(Channel channel, String room, String nickname, String password) throws IOException {
            PipedInputStream in = new PipedInputStream(keys, 64 * 1024);
            terminal = TerminalBuilder.builder().system(false).streams(in, screen).type("dumb").encoding(UTF_8).build();
            exit = thread.submit(() -> ChatTerminal.run(channel, terminal, room, nickname, password, false));
        }

        void type(String text) throws IOException {
            keys.write(text.getBytes(UTF_8));
            keys.flush(); // wakes the reader now rather than at its next one-second check
        }

        /** Everything the client printed, colours left out. */
        String screen() {
            return ANSI.matcher(screen.toString(UTF_8)).replaceAll("");
        }

        @Override
        public void close() throws IOException {
            keys.close();
            terminal.close();
            thread.shutdownNow();
        }
    }
}
