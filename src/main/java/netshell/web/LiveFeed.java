package netshell.web;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import groovy.json.JsonOutput;
import netshell.command.CommandCall;
import netshell.command.CommandWatcher;
import netshell.command.DataView;
import netshell.command.Drawable;
import netshell.command.Explained;
import netshell.command.Session;
import netshell.command.Target;
import netshell.core.DaemonThreads;
import netshell.node.ExecResult;
import netshell.node.Node;
import netshell.web.feed.Counters;
import netshell.web.feed.NetDev;
import netshell.web.feed.Rate;
import netshell.web.feed.SseEvent;

/**
 * Keeps the pages current: the picture again after every command the shell ends (and every few seconds, for
 * changes made by hand), the rates of each node's underlay and VXLAN devices every second, and a lesson per command.
 * One thread, started with the server and ended with it; it never creates the target (no lab is started for it).
 */
final class LiveFeed implements CommandWatcher {
    private static final long TICK_MS = 1000;
    private static final long PICTURE_EVERY_MS = 5000;

    private final Session session;
    private final EventHub hub;
    private volatile boolean dirty = true;
    private volatile boolean running = true;
    private Thread thread;
    private String lastPicture = "";
    private Map<String, Map<String, Counters>> lastCounters = Map.of();
    private long lastCountersAt;
    /** The devices worth a rate on each node: its underlay and its VXLAN devices (from the last picture). */
    private Map<String, Set<String>> watched = Map.of();

    LiveFeed(Session session, EventHub hub) {
        this.session = session;
        this.hub = hub;
    }

    void start() {
        session.watch(this);
        thread = DaemonThreads.start("netshell-web-feed", this::loop);
    }

    void stop() {
        running = false;
        session.unwatch(this);
        if (thread != null) thread.interrupt();
    }

    @Override
    public void ran(String line, List<Explained> linux, int status) {
        Map<String, Object> lesson = new LinkedHashMap<>();
        lesson.put("line", line);
        lesson.put("status", status);
        lesson.put("linux", linux.stream().map(Explained::text).toList());
        hub.publishLesson(new SseEvent("lesson", JsonOutput.toJson(lesson)));
        dirty = true;
    }

    private void loop() {
        long pictureAt = 0;
        while (running) {
            try {
                if (session.peekTarget().isPresent()) {
                    long now = System.currentTimeMillis();
                    if (dirty || now - pictureAt >= PICTURE_EVERY_MS) {
                        dirty = false;
                        pictureAt = now;
                        refreshPicture();
                    }
                    refreshRates();
                }
                Thread.sleep(TICK_MS);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // A node that fails a read now may answer next tick; the page keeps what it has.
                hub.publishState(new SseEvent("problem", JsonOutput.toJson(Map.of("message", String.valueOf(
                        e.getMessage())))));
            }
        }
    }

    /** Runs {@code topology} as the user would; sends it when it changed. */
    void refreshPicture() {
        Object result;
        try {
            result = CommandCall.run(session, List.of("topology"));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        if (!(result instanceof Drawable picture)) return;
        Object data = DataView.of(picture);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("nodes", data);
        event.put("svg", picture.svg());
        String json = JsonOutput.toJson(event);
        watched = devicesOf(data);
        if (json.equals(lastPicture)) return;
        lastPicture = json;
        hub.publishState(new SseEvent("topology", json));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Set<String>> devicesOf(Object data) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        if (!(data instanceof List<?> nodes)) return out;
        for (Object o : nodes) {
            if (!(o instanceof Map<?, ?> n)) continue;
            Set<String> devices = new LinkedHashSet<>();
            if (n.get("underlay") instanceof String u) devices.add(u);
            if (n.get("vxlans") instanceof List<?> vx)
                for (Object v : vx) if (v instanceof Map<?, ?> m && m.get("device") instanceof String d) devices.add(d);
            out.put(String.valueOf(n.get("node")), devices);
        }
        return out;
    }

    /** One {@code cat /proc/net/dev} per node; rates against the sample before. */
    private void refreshRates() {
        Target target = session.peekTarget().orElse(null);
        if (target == null || watched.isEmpty()) return;
        Map<String, Map<String, Counters>> now = new LinkedHashMap<>();
        List<Node> nodes = target.fleet().nodes().stream().filter(n -> watched.containsKey(n.name())).toList();
        var results = target.fleet().each(nodes, n -> n.run(List.of("cat", "/proc/net/dev"), null));
        long at = System.nanoTime();
        for (var o : results.outcomes()) {
            if (!o.ok()) continue;
            ExecResult r = o.value();
            if (r.ok()) now.put(o.node(), NetDev.parse(r.stdout()));
        }
        double seconds = (at - lastCountersAt) / 1e9;
        Map<String, Object> rates = new LinkedHashMap<>();
        now.forEach((node, counters) -> {
            Map<String, Rate> all = Rate.between(lastCounters.getOrDefault(node, Map.of()), counters, seconds);
            Map<String, Rate> kept = new LinkedHashMap<>();
            for (String device : watched.getOrDefault(node, Set.of()))
                if (all.containsKey(device)) kept.put(device, all.get(device));
            rates.put(node, kept);
        });
        boolean first = lastCounters.isEmpty();
        lastCounters = now;
        lastCountersAt = at;
        if (!first) hub.publishState(new SseEvent("rates", JsonOutput.toJson(DataView.of(rates))));
    }
}
