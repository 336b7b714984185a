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
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import groovy.json.JsonSlurper;
import org.junit.jupiter.api.Test;

import netshell.node.RoundTrips;
import netshell.testing.Eventually;
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
        // The page is stopped whatever happens (a second stop after the test's own is refused, and ignored).
        try (TestShell sh = TestShell.lab("web", 2); AutoCloseable stopsWeb = () -> sh.run("web stop")) {
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

            // With no page open the feed reads nothing from the nodes (it ticks every second: 2.5 s is two ticks).
            RoundTrips.on(true);
            try {
                RoundTrips.take();
                Thread.sleep(2500);
                assertEquals(Set.of(), RoundTrips.take().keySet().stream().filter(n -> n.startsWith("node"))
                        .collect(Collectors.toSet()), "round trips to the nodes with no page open");
            } finally {
                RoundTrips.on(false);
            }

            Events events = listen(url + "events");
            Event first = events.await("topology", e -> true);
            Object expected = new JsonSlurper().parseText(ok(sh, "topology --json"));
            assertEquals(expected, ((Map<?, ?>) first.json()).get("nodes"), "the picture is topology --json");

            String line = "container run c1 --on node1";
            ok(sh, line);
            Map<?, ?> lesson = (Map<?, ?>) events.await("lesson", e -> e.data().contains(line)).json();
            assertEquals(line, lesson.get("line"));
            assertEquals(0, lesson.get("status"));
            List<?> linux = (List<?>) lesson.get("linux");
            assertTrue(
                    linux.stream()
                            .anyMatch(l -> l.toString().startsWith("node1$ ") && l.toString().contains("ip netns add")),
                    linux.toString());
            events.await("topology", e -> e.data().contains("\"c1\"")); // the new container is in the picture
            assertTrue(events.await("rates", e -> true).data().contains("\"node1\""), "rates per node");

            // While tcpdump vxlan runs at the prompt, the packets it captures come as packet events on their tunnel.
            ok(sh, "container run c2 --on node2");
            events.await("topology", e -> e.data().contains("\"c2\""));
            Thread capture = new Thread(() -> sh.run("tcpdump vxlan -c 4"), "test-capture");
            capture.start();
            Map<?, ?> packet;
            try {
                packet = (Map<?, ?>) Eventually.until(Duration.ofSeconds(20), () -> {
                    sh.run("container probe c1 ping -c 1 -W 1 10.0.0.129");
                    // The ping's own packets: a new container's IPv6 neighbour solicitations may come first.
                    return events.find("packet", e -> e.data().contains("10.0.0.129")).map(Event::json).orElse(null);
                }, p -> p != null, "a packet event while tcpdump vxlan runs");
            } finally {
                capture.join(TestTimeouts.scaled(30_000).toMillis());
            }
            assertEquals(100, packet.get("vni"));
            assertEquals(Set.of("node1", "node2"), Set.of(packet.get("from"), packet.get("to")), packet.toString());
            assertTrue((packet.get("inner") + " " + packet.get("summary")).contains("10.0.0.129"), packet.toString());

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

    /**
     * Every event of the stream so far, read on a thread of its own. Tests look events up in the whole history,
     * not in arrival order: the picture may come before or after the lesson of the command that changed it.
     */
    static final class Events {
        private final List<Event> seen = new CopyOnWriteArrayList<>();

        Optional<Event> find(String name, Predicate<Event> wanted) {
            return seen.stream().filter(e -> e.name().equals(name) && wanted.test(e)).findFirst();
        }

        Event await(String name, Predicate<Event> wanted) {
            return Eventually.until(Duration.ofSeconds(15), () -> find(name, wanted).orElse(null), e -> e != null,
                    "a '" + name + "' event as wanted; seen: " + seen.stream().map(Event::name).toList());
        }
    }

    private Events listen(String url) throws IOException, InterruptedException {
        Events events = new Events();
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
                    events.seen.add(new Event(name, data.toString()));
                    name = null;
                    data.setLength(0);
                }
            }
        }, "test-event-reader");
        t.setDaemon(true);
        t.start();
        return events;
    }
}
