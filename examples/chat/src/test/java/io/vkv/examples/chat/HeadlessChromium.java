package io.vkv.examples.chat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** A real headless Chromium with one page, driven over the DevTools protocol on the JDK's WebSocket. */
final class HeadlessChromium implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final Path profile;
    private final Deque<String> stderr = new ArrayDeque<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();
    private final Map<Integer, CompletableFuture<Struct>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final List<String> console = new CopyOnWriteArrayList<>();
    private final Object sending = new Object();
    private volatile WebSocket page;

    private HeadlessChromium(Process process, Path profile) {
        this.process = process;
        this.profile = profile;
    }

    /** Starts Chromium (-Dchromium=PATH, else /usr/bin/chromium) on about:blank; fails when there is none. */
    static HeadlessChromium start() throws IOException {
        Path binary = Path.of(System.getProperty("chromium", "/usr/bin/chromium"));
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("no Chromium at " + binary + ": the web page test drives a real browser; install it"
                    + " (apt-get install chromium) or point -Dchromium=<path> at one");
        }
        Path profile = Files.createTempDirectory("vkv-chromium-");
        Process process = new ProcessBuilder(binary.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check", "--remote-debugging-port=0",
                "--user-data-dir=" + profile, "about:blank").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        HeadlessChromium browser = new HeadlessChromium(process, profile);
        try {
            browser.connect(browser.listen());
            return browser;
        } catch (RuntimeException | IOException e) {
            try {
                browser.close();
            } catch (RuntimeException notClosed) {
                e.addSuppressed(notClosed);
            }
            throw e;
        }
    }

    /** The browser's DevTools address, from the line Chromium prints on stderr (read to the end, so it never blocks). */
    private URI listen() {
        CompletableFuture<URI> address = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getErrorStream(), UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        address.complete(URI.create(m.group(1)));
                    }
                    if (line.contains(":ERROR:dbus/")) {
                        continue; // there is no D-Bus in a container, and Chromium says so at length
                    }
                    synchronized (stderr) {
                        stderr.addLast(line);
                        if (stderr.size() > 40) {
                            stderr.removeFirst();
                        }
                    }
                }
            } catch (IOException closed) {
                // the process is gone
            }
            address.completeExceptionally(new IllegalStateException("Chromium closed its output"));
        }, "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        return waitFor(address, "Chromium to print its DevTools address");
    }

    private void connect(URI browserAddress) throws IOException {
        URI newTarget = URI.create("http://" + browserAddress.getAuthority() + "/json/new?about:blank");
        HttpResponse<String> created;
        try {
            created = http.send(HttpRequest.newBuilder(newTarget).timeout(WAIT).PUT(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted opening a page", e);
        }
        if (created.statusCode() != 200) {
            throw new IllegalStateException("PUT " + newTarget + " answered " + created.statusCode() + ": " + created.body());
        }
        String pageAddress = parse(created.body()).getFieldsOrThrow("webSocketDebuggerUrl").getStringValue();
        page = waitFor(http.newWebSocketBuilder().connectTimeout(WAIT).buildAsync(URI.create(pageAddress), new Listener()),
                "the page's DevTools connection");
        call("Runtime.enable", Struct.getDefaultInstance()); // for console()
    }

    /** Loads {@code url} in the page and waits until it has loaded. */
    void open(String url) {
        // Marks the document it leaves: the same url loaded again is only the new document without the mark.
        evaluate("window.leftByHeadlessChromium = true");
        String error = call("Page.navigate", Struct.newBuilder().putFields("url", string(url)).build())
                .getFieldsOrDefault("errorText", Value.getDefaultInstance()).getStringValue();
        if (!error.isEmpty()) {
            throw new IllegalStateException("Chromium could not open " + url + ": " + error);
        }
        await("page " + url + " to load").atMost(WAIT).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> "true".equals(evaluate("document.readyState === 'complete' && location.href === " + literal(url)
                        + " && !window.leftByHeadlessChromium")));
    }

    /**
     * Runs {@code js} in the page, awaiting it when it is a promise: a string result as it is, any other as JSON, undefined
     * as null. Throws with the page's error when it throws.
     */
    String evaluate(String js) {
        Value yes = Value.newBuilder().setBoolValue(true).build();
        Struct reply = call("Runtime.evaluate", Struct.newBuilder().putFields("expression", string(js))
                .putFields("awaitPromise", yes).putFields("returnByValue", yes).build());
        if (reply.containsFields("exceptionDetails")) {
            throw new IllegalStateException("the page threw on `" + js + "`: " + thrown(reply));
        }
        Value value = reply.getFieldsOrThrow("result").getStructValue().getFieldsOrDefault("value", Value.getDefaultInstance());
        return switch (value.getKindCase()) {
            case KIND_NOT_SET, NULL_VALUE -> null;
            case STRING_VALUE -> value.getStringValue();
            case NUMBER_VALUE -> value.getNumberValue() == Math.rint(value.getNumberValue())
                    ? Long.toString((long) value.getNumberValue()) : Double.toString(value.getNumberValue());
            default -> print(value);
        };
    }

    /** What the page logged and threw so far, for failure messages. */
    List<String> console() {
        return List.copyOf(console);
    }

    /** {@code s} as a JavaScript string literal. */
    static String literal(String s) {
        return print(string(s));
    }

    /** Sends one DevTools command to the page and returns its result. */
    private Struct call(String method, Struct params) {
        int id = ids.incrementAndGet();
        CompletableFuture<Struct> answer = new CompletableFuture<>();
        pending.put(id, answer);
        // Built by hand so the id is an integer: JsonFormat prints every number of a Struct as a double.
        String request = "{\"id\":" + id + ",\"method\":" + literal(method) + ",\"params\":" + print(params) + "}";
        try {
            synchronized (sending) { // a WebSocket takes one send at a time
                waitFor(page.sendText(request, true), "Chromium to take " + method);
            }
            Struct reply = waitFor(answer, "Chromium to answer " + method);
            if (reply.containsFields("error")) {
                throw new IllegalStateException(method + " failed: " + print(reply.getFieldsOrThrow("error")));
            }
            return reply.getFieldsOrDefault("result", Value.getDefaultInstance()).getStructValue();
        } finally {
            pending.remove(id);
        }
    }

    private <T> T waitFor(Future<T> future, String what) {
        try {
            return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("waited " + WAIT.toSeconds() + " s for " + what + "; " + diagnosis(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("failed waiting for " + what + ": " + e.getCause().getMessage() + "; " + diagnosis(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + what, e);
        }
    }

    private String diagnosis() {
        String state = process.isAlive() ? "Chromium is running" : "Chromium exited with " + process.exitValue();
        synchronized (stderr) {
            return state + "; its last output:\n  " + String.join("\n  ", stderr);
        }
    }

    private void received(String json) {
        Struct message = parse(json);
        if (message.containsFields("id")) {
            CompletableFuture<Struct> answer = pending.get((int) message.getFieldsOrThrow("id").getNumberValue());
            if (answer != null) {
                answer.complete(message);
            }
            return;
        }
        String method = message.getFieldsOrDefault("method", Value.getDefaultInstance()).getStringValue();
        Struct params = message.getFieldsOrDefault("params", Value.getDefaultInstance()).getStructValue();
        if (method.equals("Runtime.exceptionThrown")) {
            console.add("uncaught " + thrown(params));
        } else if (method.equals("Runtime.consoleAPICalled")) {
            console.add(params.getFieldsOrThrow("type").getStringValue() + " " + params.getFieldsOrThrow("args").getListValue()
                    .getValuesList().stream().map(a -> a.getStructValue().getFieldsOrDefault("value",
                            a.getStructValue().getFieldsOrDefault("description", string("?")))).map(HeadlessChromium::print).toList());
        }
    }

    /** The error in an answer's or event's exceptionDetails. */
    private static String thrown(Struct withDetails) {
        Struct details = withDetails.getFieldsOrThrow("exceptionDetails").getStructValue();
        Value exception = details.getFieldsOrDefault("exception", Value.getDefaultInstance());
        return exception.getStructValue().getFieldsOrDefault("description", details.getFieldsOrThrow("text")).getStringValue();
    }

    private static Value string(String s) {
        return Value.newBuilder().setStringValue(s).build();
    }

    private static Struct parse(String json) {
        Struct.Builder b = Struct.newBuilder();
        try {
            JsonFormat.parser().merge(json, b);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("not a JSON object from Chromium: " + json, e);
        }
        return b.build();
    }

    private static String print(com.google.protobuf.MessageOrBuilder message) {
        try {
            return JsonFormat.printer().omittingInsignificantWhitespace().print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Kills Chromium and every process it started, and deletes its profile. */
    @Override
    public void close() {
        WebSocket ws = page;
        if (ws != null) {
            ws.abort();
        }
        List<ProcessHandle> all = Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
        all.forEach(ProcessHandle::destroyForcibly);
        waitFor(process.onExit(), "Chromium to exit after SIGKILL");
        // Its children are orphans now, and whoever adopts them may never reap them: a zombie counts as gone.
        await("Chromium's processes to exit after SIGKILL").atMost(WAIT).pollInterval(Duration.ofMillis(20))
                .until(() -> all.stream().allMatch(HeadlessChromium::gone));
        failAll(new IllegalStateException("Chromium was closed"));
        try (Stream<Path> files = Files.walk(profile)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete Chromium's profile " + profile, e);
        }
    }

    private void failAll(Throwable why) {
        pending.values().forEach(f -> f.completeExceptionally(why));
    }

    private static boolean gone(ProcessHandle p) {
        if (!p.isAlive()) {
            return true;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 1).strip().startsWith("Z");
        } catch (IOException noProc) {
            return !p.isAlive();
        }
    }

    /** Collects the page's DevTools messages, which may come in several parts. */
    private final class Listener implements WebSocket.Listener {

        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String json = partial.toString();
                partial.setLength(0);
                received(json);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            failAll(new IllegalStateException("DevTools closed the connection: " + status + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            failAll(error);
        }
    }
}
