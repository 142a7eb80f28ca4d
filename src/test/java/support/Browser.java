package support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * A real headless Chromium driven over the DevTools protocol (a WebSocket of {@code java.net.http}; no WebDriver, no
 * dependency): navigate, evaluate JavaScript, move the mouse, turn the wheel, take screenshots.
 *
 * <p>Chromium is {@code $KLINE_CHROMIUM}, else {@code chromium}, {@code chromium-browser} or {@code google-chrome} on
 * the PATH (.ci/run installs Debian's {@code chromium}). Missing, the test FAILS - unless
 * {@code KLINE_SKIP_BROWSER_TESTS=yes}, for a machine without a browser, when it is skipped.
 */
public final class Browser implements AutoCloseable {
    public static final String SKIP_ENV = "KLINE_SKIP_BROWSER_TESTS";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private Browser(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** The Chromium binary, or fails (or skips with {@value #SKIP_ENV}=yes) when there is none. */
    public static String executable() {
        String given = System.getenv("KLINE_CHROMIUM");
        if (given != null && !given.isBlank()) {
            return given;
        }
        for (String name : new String[] {"chromium", "chromium-browser", "google-chrome"}) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name).toString();
                }
            }
        }
        String why = "no Chromium found (chromium, chromium-browser, google-chrome or $KLINE_CHROMIUM); install it:"
                + " apt-get install -y chromium (.ci/run does)";
        Assumptions.assumeFalse("yes".equalsIgnoreCase(System.getenv(SKIP_ENV)), why + " - skipped: " + SKIP_ENV + "=yes");
        throw new AssertionError(why + ", or set " + SKIP_ENV + "=yes to skip browser tests on this machine");
    }

    /** Starts a headless Chromium with a fresh profile, window {@code width x height}, on one blank page. */
    public static Browser start(Path profile, int width, int height) throws Exception {
        Files.createDirectories(profile);
        Process p = new ProcessBuilder(executable(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                "--disable-background-networking", "--disable-sync", "--hide-scrollbars", "--mute-audio",
                "--remote-debugging-port=0", "--remote-allow-origins=*", "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height, "about:blank")
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        try {
            int port = devToolsPort(p);
            HttpClient http = HttpClient.newHttpClient();
            String pageSocket = null;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (pageSocket == null && System.nanoTime() < until) {
                String list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                        .build(), HttpResponse.BodyHandlers.ofString()).body();
                for (JsonNode target : JSON.readTree(list)) {
                    if ("page".equals(target.path("type").asText())) {
                        pageSocket = target.path("webSocketDebuggerUrl").asText();
                        break;
                    }
                }
                if (pageSocket == null) {
                    Thread.sleep(100);
                }
            }
            if (pageSocket == null) {
                throw new IllegalStateException("Chromium opened no page");
            }
            Listener listener = new Listener();
            WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(pageSocket), listener).get(30, TimeUnit.SECONDS);
            Browser b = new Browser(p, profile, ws);
            listener.browser = b;
            b.send("Page.enable", JSON.createObjectNode());
            b.send("Runtime.enable", JSON.createObjectNode());
            return b;
        } catch (Exception | Error e) {
            p.destroyForcibly();
            throw e;
        }
    }

    /** Reads Chromium's output until it names its DevTools port ("DevTools listening on ws://127.0.0.1:PORT/..."). */
    private static int devToolsPort(Process p) throws Exception {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        StringBuilder seen = new StringBuilder();
        Thread reader = new Thread(() -> {
            Pattern listening = Pattern.compile("DevTools listening on ws://[^:]+:(\\d+)/");
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    Matcher m = listening.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    } else if (!port.isDone() && seen.length() < 4000) {
                        seen.append(line).append('\n');
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            port.completeExceptionally(new IllegalStateException("Chromium exited without a DevTools port:\n" + seen));
        }, "chromium-output");
        reader.setDaemon(true);
        reader.start();
        return port.get(60, TimeUnit.SECONDS);
    }

    /** Sends one DevTools command and waits for its result. */
    public JsonNode send(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
        msg.set("params", params);
        socket.sendText(JSON.writeValueAsString(msg), true).get(10, TimeUnit.SECONDS);
        JsonNode reply = answer.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new IllegalStateException(method + ": " + reply.get("error"));
        }
        return reply.path("result");
    }

    /** Opens {@code url} and waits until the document has loaded. */
    public void open(String url) throws Exception {
        send("Page.navigate", JSON.createObjectNode().put("url", url));
        String loaded = "document.readyState + (location.href === " + JSON.writeValueAsString(url) + " ? '' : '-other')";
        Await.until("page " + url + " loaded", Duration.ofSeconds(30), () -> "complete".equals(evalQuietly(loaded)));
    }

    /** Evaluates {@code js} (a promise is awaited) and answers its value as JSON; a thrown error fails. */
    public JsonNode eval(String js) throws Exception {
        JsonNode r = send("Runtime.evaluate", JSON.createObjectNode().put("expression", js).put("awaitPromise", true)
                .put("returnByValue", true));
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException("JavaScript failed: " + r.get("exceptionDetails"));
        }
        return r.path("result").path("value");
    }

    /** {@link #eval} as text ("" for null or undefined). */
    public String evalText(String js) throws Exception {
        JsonNode v = eval(js);
        return v.isMissingNode() || v.isNull() ? "" : v.asText();
    }

    private String evalQuietly(String js) {
        try {
            return evalText(js);
        } catch (Exception e) {
            return "";
        }
    }

    /** Waits until {@code js} is truthy. */
    public void waitFor(String what, Duration timeout, String js) {
        Await.until(what, timeout, () -> "true".equals(evalQuietly("!!(" + js + ")")));
    }

    /** A mouse event at CSS pixel {@code (x, y)} of the viewport: mouseMoved, mousePressed, mouseReleased, mouseWheel. */
    public void mouse(String type, double x, double y, double deltaY) throws Exception {
        ObjectNode p = JSON.createObjectNode().put("type", type).put("x", x).put("y", y);
        if (type.equals("mousePressed") || type.equals("mouseReleased")) {
            p.put("button", "left").put("clickCount", 1);
        } else if (type.equals("mouseMoved")) {
            p.put("button", "none");
        }
        if (type.equals("mouseWheel")) {
            p.put("deltaX", 0).put("deltaY", deltaY);
        }
        send("Input.dispatchMouseEvent", p);
    }

    /** Saves a PNG of the whole page (beyond the window) to {@code file}. */
    public void screenshot(Path file) throws Exception {
        JsonNode size = send("Page.getLayoutMetrics", JSON.createObjectNode()).path("cssContentSize");
        ObjectNode params = JSON.createObjectNode().put("format", "png").put("captureBeyondViewport", true);
        params.putObject("clip").put("x", 0).put("y", 0).put("scale", 1)
                .put("width", Math.ceil(size.path("width").asDouble())).put("height", Math.ceil(size.path("height").asDouble()));
        JsonNode r = send("Page.captureScreenshot", params);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(r.path("data").asText()));
    }

    @Override
    public void close() throws Exception {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the browser is going anyway
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        TreeDelete.quietly(profile);
    }

    private void received(String text) {
        try {
            JsonNode msg = JSON.readTree(text);
            if (msg.has("id")) {
                CompletableFuture<JsonNode> f = pending.remove(msg.get("id").asInt());
                if (f != null) {
                    f.complete(msg);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("unreadable DevTools message", e);
        }
    }

    /** Joins fragmented text frames into messages (a screenshot is megabytes). */
    private static final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        volatile Browser browser;

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String msg = partial.toString();
                partial.setLength(0);
                browser.received(msg);
            }
            ws.request(1);
            return null;
        }
    }

    /** Removes the throw-away profile folder. */
    private static final class TreeDelete {
        static void quietly(Path dir) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException | java.io.UncheckedIOException e) {
                // a temp folder: JUnit removes it too (and Chromium's helper processes may still be writing into it as
                // the walk runs: a file gone between listing and reading failed DashboardBrowserIT in a fresh clone)
            }
        }
    }
}
