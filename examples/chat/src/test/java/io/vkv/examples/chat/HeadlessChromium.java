package io.vkv.examples.chat;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A real headless Chromium driven over the DevTools protocol with the JDK's own WebSocket client: open a page, run
 * JavaScript in it, read the answer. Every wait is bounded, and closing kills the browser and deletes its profile.
 */
final class HeadlessChromium implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path BINARY = Path.of("/usr/bin/chromium");

    private final Process process;
    private final Path profile;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<Struct>> calls = new ConcurrentHashMap<>();
    private WebSocket socket;

    private HeadlessChromium(Process process, Path profile) {
        this.process = process;
        this.profile = profile;
    }

    /** Starts Chromium with a fresh profile and connects to its one page. */
    static HeadlessChromium start() throws Exception {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: install Debian's chromium package (.ci/run does)");
        }
        Path profile = Files.createTempDirectory("vkv-chromium");
        // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
        Process p = new ProcessBuilder(BINARY.toString(), "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--remote-debugging-port=0", "--user-data-dir=" + profile, "about:blank").start();
        p.getInputStream().close();
        try {
            int port = devToolsPort(p);
            String pageSocket = pageSocket(port);
            HeadlessChromium browser = new HeadlessChromium(p, profile);
            browser.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create(pageSocket), new Replies(browser::reply)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            return browser;
        } catch (Exception e) {
            kill(p);
            delete(profile);
            throw e;
        }
    }

    /** Reads "DevTools listening on ws://127.0.0.1:PORT/..." from Chromium's stderr. */
    private static int devToolsPort(Process p) throws Exception {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                StringBuilder seen = new StringBuilder();
                for (String line; (line = err.readLine()) != null; ) {
                    if (!port.isDone()) {
                        int at = line.indexOf("DevTools listening on ws://");
                        if (at >= 0) {
                            String rest = line.substring(at + "DevTools listening on ws://".length());
                            port.complete(Integer.parseInt(rest.substring(rest.indexOf(':') + 1, rest.indexOf('/'))));
                        } else {
                            seen.append(line).append('\n');
                        }
                    }
                }
                port.completeExceptionally(new IllegalStateException("chromium ended without a DevTools port:\n" + seen));
            } catch (IOException e) {
                port.completeExceptionally(e);
            }
        }, "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        return port.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static String pageSocket(int port) throws Exception {
        HttpResponse<String> list = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                .timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
        Value.Builder targets = Value.newBuilder();
        JsonFormat.parser().merge(list.body(), targets);
        return targets.getListValue().getValuesList().stream().map(Value::getStructValue)
                .filter(t -> t.getFieldsOrThrow("type").getStringValue().equals("page")).findFirst()
                .orElseThrow(() -> new IllegalStateException("chromium has no page: " + list.body()))
                .getFieldsOrThrow("webSocketDebuggerUrl").getStringValue();
    }

    /** Loads {@code url} and waits until the document is complete. */
    void open(String url) throws Exception {
        call("Page.navigate", Struct.newBuilder().putFields("url", Value.newBuilder().setStringValue(url).build()).build());
        long until = System.nanoTime() + WAIT.toNanos();
        while (!"complete".equals(evaluate("document.readyState"))) {
            if (System.nanoTime() > until) {
                throw new TimeoutException(url + " did not finish loading in " + WAIT.toSeconds() + " s");
            }
            Thread.sleep(50);
        }
    }

    /** Runs {@code js} in the page (awaiting a promise it returns) and answers its value as text. */
    String evaluate(String js) throws Exception {
        Struct reply = call("Runtime.evaluate", Struct.newBuilder()
                .putFields("expression", Value.newBuilder().setStringValue(js).build())
                .putFields("returnByValue", Value.newBuilder().setBoolValue(true).build())
                .putFields("awaitPromise", Value.newBuilder().setBoolValue(true).build()).build());
        if (reply.containsFields("exceptionDetails")) {
            throw new IllegalStateException("the page threw: " + JsonFormat.printer().print(reply.getFieldsOrThrow("exceptionDetails")));
        }
        Value v = reply.getFieldsOrThrow("result").getStructValue().getFieldsOrDefault("value", Value.getDefaultInstance());
        return switch (v.getKindCase()) {
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> String.valueOf(v.getBoolValue());
            case NUMBER_VALUE -> String.valueOf((long) v.getNumberValue());
            case NULL_VALUE, KIND_NOT_SET -> null;
            default -> JsonFormat.printer().print(v);
        };
    }

    private Struct call(String method, Struct params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<Struct> answer = new CompletableFuture<>();
        calls.put(id, answer);
        Struct request = Struct.newBuilder().putFields("id", Value.newBuilder().setNumberValue(id).build())
                .putFields("method", Value.newBuilder().setStringValue(method).build())
                .putFields("params", Value.newBuilder().setStructValue(params).build()).build();
        socket.sendText(JsonFormat.printer().print(request), true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        try {
            Struct reply = answer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            if (reply.containsFields("error")) {
                throw new IllegalStateException(method + " failed: " + JsonFormat.printer().print(reply.getFieldsOrThrow("error")));
            }
            return reply.getFieldsOrThrow("result").getStructValue();
        } catch (TimeoutException e) {
            throw new TimeoutException(method + " got no answer in " + WAIT.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new IllegalStateException(method + ": " + e.getCause().getMessage(), e.getCause());
        } finally {
            calls.remove(id);
        }
    }

    private void reply(String json) {
        Struct.Builder message = Struct.newBuilder();
        try {
            JsonFormat.parser().ignoringUnknownFields().merge(json, message);
        } catch (InvalidProtocolBufferException e) {
            calls.values().forEach(c -> c.completeExceptionally(e));
            return;
        }
        Value id = message.getFieldsOrDefault("id", null);
        if (id != null) { // events (no id) are not used here
            CompletableFuture<Struct> waiting = calls.get((int) id.getNumberValue());
            if (waiting != null) {
                waiting.complete(message.build());
            }
        }
    }

    @Override
    public void close() throws Exception {
        if (socket != null) {
            socket.abort();
        }
        kill(process);
        delete(profile);
    }

    /** Kills Chromium and its helper processes (renderer, GPU, zygotes), which outlive the browser process by a moment. */
    private static void kill(Process p) throws InterruptedException {
        List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
        all.add(p.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("chromium process " + h.pid() + " did not end when killed", e);
            }
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Puts the WebSocket's text frames back together into whole messages. */
    private static final class Replies implements WebSocket.Listener {

        private final Consumer<String> sink;
        private final StringBuilder partial = new StringBuilder();

        Replies(Consumer<String> sink) {
            this.sink = sink;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String whole = partial.toString();
                partial.setLength(0);
                sink.accept(whole);
            }
            webSocket.request(1);
            return null;
        }
    }
}
