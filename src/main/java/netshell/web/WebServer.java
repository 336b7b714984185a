package netshell.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import netshell.command.Session;
import netshell.core.BadInput;
import netshell.core.DaemonThreads;
import netshell.web.feed.SseEvent;

/**
 * The page and its event stream, served by the JDK's HttpServer: {@code /} (the page), {@code /app.js},
 * {@code /events} (server-sent events). Read-only: it answers GET only and runs no command a page asks for.
 * On loopback it is open; bound elsewhere every request needs the random token printed once with the URL.
 */
final class WebServer {
    private static final long KEEPALIVE_SECONDS = 15;

    private final HttpServer http;
    private final ExecutorService threads;
    private final EventHub hub = new EventHub();
    private final LiveFeed feed;
    private final String token;
    private final String url;

    private WebServer(HttpServer http, ExecutorService threads, Session session, String token, String host) {
        this.http = http;
        this.threads = threads;
        this.token = token;
        this.feed = new LiveFeed(session, hub);
        int port = http.getAddress().getPort();
        this.url = "http://" + host + ":" + port + "/" + (token == null ? "" : "?token=" + token);
    }

    static WebServer start(Session session, String bind, int port) {
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (IOException e) {
            throw new BadInput("--bind " + bind + ": not an address of this machine");
        }
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(address, port), 0);
        } catch (BindException e) {
            throw new BadInput("cannot listen on " + bind + ":" + port + " (" + e.getMessage()
                    + "); choose another with --port N, or --port 0 for any free one");
        } catch (IOException e) {
            throw new BadInput("cannot listen on " + bind + ":" + port + ": " + e.getMessage());
        }
        String token = address.isLoopbackAddress() ? null : newToken();
        // Each open page holds a thread on its event stream: a cached pool, not a fixed one.
        ExecutorService threads = Executors.newCachedThreadPool(DaemonThreads.named("netshell-web", true));
        http.setExecutor(threads);
        String host = address.isAnyLocalAddress() ? "127.0.0.1" : address.getHostAddress();
        if (host.contains(":")) host = "[" + host + "]";
        WebServer server = new WebServer(http, threads, session, token, host);
        http.createContext("/", server::serve);
        // The server's dispatcher thread takes the daemon flag of the thread that starts it: a page being served
        // must never keep a finished shell (or a test's JVM) alive.
        Thread starter = DaemonThreads.start("netshell-web-start", http::start);
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.feed.start();
        return server;
    }

    String url() { return url; }
    int pages() { return hub.pages(); }
    boolean guarded() { return token != null; }

    void stop() {
        feed.stop();
        http.stop(0);
        threads.shutdownNow();
        try {
            // Interrupted page threads end at once, but not before shutdownNow returns: wait, so that a stopped
            // server has no thread left (and a new one starts with none of the old one's).
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String newToken() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private void serve(HttpExchange x) throws IOException {
        try (x) {
            if (!x.getRequestMethod().equals("GET")) {
                reply(x, 405, "text/plain", "read-only: GET only");
                return;
            }
            if (token != null && !hasToken(x.getRequestURI())) {
                reply(x, 403, "text/plain", "this page needs the token printed with its URL");
                return;
            }
            switch (x.getRequestURI().getPath()) {
                case "/", "/index.html" -> reply(x, 200, "text/html; charset=utf-8", resource("page.html"));
                case "/app.js" -> reply(x, 200, "text/javascript; charset=utf-8", resource("app.js"));
                case "/events" -> events(x);
                default -> reply(x, 404, "text/plain", "not found");
            }
        }
    }

    private boolean hasToken(URI uri) {
        String q = uri.getRawQuery();
        if (q == null) return false;
        for (String part : q.split("&")) if (part.equals("token=" + token)) return true;
        return false;
    }

    /** The stream a page listens to: what the hub has, then each event as it comes, a comment to keep it open. */
    private void events(HttpExchange x) throws IOException {
        x.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        x.getResponseHeaders().set("Cache-Control", "no-store");
        x.sendResponseHeaders(200, 0);
        BlockingQueue<SseEvent> queue = hub.join();
        try (OutputStream out = x.getResponseBody()) {
            out.write(": netshell\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (!Thread.currentThread().isInterrupted()) {
                SseEvent e = queue.poll(KEEPALIVE_SECONDS, TimeUnit.SECONDS);
                out.write((e == null ? ": keep-alive\n\n" : e.text()).getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The page went away.
        } finally {
            hub.leave(queue);
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = WebServer.class.getResourceAsStream("/netshell/web/" + name)) {
            if (in == null) throw new IOException("missing resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void reply(HttpExchange x, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type);
        x.getResponseHeaders().set("Cache-Control", "no-store");
        x.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        // The page loads nothing from elsewhere; the picture's own <style> needs inline styles.
        x.getResponseHeaders().set("Content-Security-Policy",
                "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:");
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }
}
