package netshell.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import groovy.json.JsonSlurper;
import org.junit.jupiter.api.Test;

import netshell.testing.NeedsRoot;
import netshell.testing.TestShell;
import netshell.testing.TestTimeouts;

/**
 * {@code web} on a live lab, read as a page would read it: the event stream's picture is {@code topology --json},
 * a command typed in the shell comes as a lesson with its Linux commands and changes the picture, and {@code web
 * stop} leaves no port and no thread.
 */
@NeedsRoot
class WebLabTest {
    private static final Pattern URL = Pattern.compile("serving (http://\\S+)");
    private final HttpClient http = HttpClient.newHttpClient();

    /** One server-sent event: its name and its data lines joined. */
    record Event(String name, String data) {
        Object json() { return new JsonSlurper().parseText(data); }
    }

    @Test
    void thePageFollowsTheShell() throws Exception {
        assertTrue(webThreads().isEmpty(), "no web thread before web starts: " + webThreads());
        try (TestShell sh = TestShell.lab("web", 2)) {
            sh.session().inRepl(true);
            ok(sh, "overlay create 10.0.0.0/24");
            String url = url(ok(sh, "web --port 0"));
            assertTrue(url.startsWith("http://127.0.0.1:"), url);
            assertTrue(ok(sh, "web").contains(url), "web again shows the same URL");

            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("<title>netshell live</title>"), page.body());
            assertEquals(405, http.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers
                    .noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode(), "read-only");

            BlockingQueue<Event> events = listen(url + "events");
            Event first = next(events, "topology");
            Object expected = new JsonSlurper().parseText(ok(sh, "topology --json"));
            assertEquals(expected, ((Map<?, ?>) first.json()).get("nodes"), "the picture is topology --json");

            String line = "container run c1 --on node1";
            ok(sh, line);
            Map<?, ?> lesson = (Map<?, ?>) next(events, "lesson", e -> e.data().contains(line)).json();
            assertEquals(line, lesson.get("line"));
            assertEquals(0, lesson.get("status"));
            List<?> linux = (List<?>) lesson.get("linux");
            assertTrue(
                    linux.stream()
                            .anyMatch(l -> l.toString().startsWith("node1$ ") && l.toString().contains("ip netns add")),
                    linux.toString());
            Event after = next(events, "topology", e -> true);
            assertTrue(after.data().contains("\"c1\""), "the new container is in the picture: " + after.data());
            assertTrue(next(events, "rates").data().contains("\"node1\""), "rates per node");

            String stopped = ok(sh, "web stop");
            assertTrue(stopped.contains(url), stopped);
            assertThrows(ConnectException.class, () -> http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString()));
            assertTrue(webThreads().isEmpty(), "no web thread after web stop: " + webThreads());
            assertFalse(sh.run("web stop").status() == 0, "a second stop is refused");
        }
    }

    @Test
    void boundBeyondLoopbackItAsksForTheToken() throws Exception {
        try (TestShell sh = TestShell.on(netshell.command.Target.dryRun(1))) {
            sh.session().inRepl(true);
            String url = url(ok(sh, "web --port 0 --bind 0.0.0.0"));
            try {
                Matcher m = Pattern.compile("\\?token=([0-9a-f]{32})$").matcher(url);
                assertTrue(m.find(), url);
                String bare = url.substring(0, url.indexOf('?'));
                assertEquals(403, http.send(HttpRequest.newBuilder(URI.create(bare)).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode());
                assertEquals(403, http.send(HttpRequest.newBuilder(URI.create(bare + "?token=" + "0".repeat(32)))
                        .build(), HttpResponse.BodyHandlers.ofString()).statusCode());
                assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode());
            } finally {
                ok(sh, "web stop");
            }
            assertEquals(2, sh.run("web --port 99999").status(), "a bad port is one line of bad input");
        }
    }

    private static String ok(TestShell sh, String line) {
        TestShell.Run r = sh.run(line);
        assertEquals(0, r.status(), line + " → " + r.err() + r.out());
        return r.out();
    }

    private static String url(String out) {
        Matcher m = URL.matcher(out);
        assertTrue(m.find(), out);
        return m.group(1);
    }

    private static List<String> webThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith("netshell-web")).toList();
    }

    /** Reads the stream on a thread of its own into a queue of events. */
    private BlockingQueue<Event> listen(String url) throws IOException, InterruptedException {
        BlockingQueue<Event> q = new LinkedBlockingQueue<>();
        HttpResponse<Stream<String>> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, r.statusCode());
        Thread t = new Thread(() -> {
            String name = null;
            StringBuilder data = new StringBuilder();
            for (String l : (Iterable<String>) r.body()::iterator) {
                if (l.startsWith("event: ")) name = l.substring(7);
                else if (l.startsWith("data: ")) data.append(data.isEmpty() ? "" : "\n").append(l.substring(6));
                else if (l.isEmpty() && name != null) {
                    q.add(new Event(name, data.toString()));
                    name = null;
                    data.setLength(0);
                }
            }
        }, "test-event-reader");
        t.setDaemon(true);
        t.start();
        return q;
    }

    private static Event next(BlockingQueue<Event> q, String name) throws InterruptedException {
        return next(q, name, e -> true);
    }

    private static Event next(BlockingQueue<Event> q, String name, Predicate<Event> wanted)
            throws InterruptedException {
        long deadline = System.nanoTime() + TestTimeouts.scaled(15_000).toNanos();
        while (System.nanoTime() < deadline) {
            Event e = q.poll(200, TimeUnit.MILLISECONDS);
            if (e != null && e.name().equals(name) && wanted.test(e)) return e;
        }
        throw new AssertionError("no '" + name + "' event within the deadline");
    }
}
