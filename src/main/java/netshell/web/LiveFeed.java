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
import netshell.command.Marked;
import netshell.command.Session;
import netshell.command.Target;
import netshell.core.DaemonThreads;
import netshell.node.ExecResult;
import netshell.node.Node;
import netshell.web.feed.Counters;
import netshell.web.feed.NetDev;
import netshell.web.feed.PacketSampler;
import netshell.web.feed.Rate;
import netshell.web.feed.SseEvent;

/**
 * Keeps the pages current: the picture again after every command the shell ends (and every few seconds, for
 * changes made by hand), the rates of each node's underlay and VXLAN devices every second, and a lesson per command.
 * One thread, started with the server and ended with it; it never creates the target (no lab is started for it), and
 * reads the nodes only while a page is open.
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
    /** Packets drawn on the page: at most this many a second, whatever a flood captures. */
    private final PacketSampler sampler = new PacketSampler(20, System.nanoTime());
    /** The node holding each underlay address (from the last picture), to put a packet on its tunnel. */
    private volatile Map<String, String> nodeByAddress = Map.of();
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
        if (thread == null) return;
        thread.interrupt();
        try {
            // A read under way may swallow the interrupt; it ends within a tick, and then so does the thread.
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void ran(String line, List<Explained> linux, int status, Object result) {
        Map<String, Object> lesson = new LinkedHashMap<>();
        lesson.put("line", line);
        lesson.put("status", status);
        lesson.put("linux", linux.stream().map(Explained::text).toList());
        hub.publishLesson(new SseEvent("lesson", JsonOutput.toJson(lesson)));
        if (result instanceof Marked m) {
            // The newest doctor (pingall, trace) replaces the marks of the one before, also for pages joining later.
            Map<String, Object> marks = new LinkedHashMap<>();
            marks.put("source", m.markSource());
            marks.put("line", line);
            marks.put("marks", DataView.of(m.marks()));
            hub.publishState("marks:" + m.markSource(), new SseEvent("marks", JsonOutput.toJson(marks)));
        }
        dirty = true;
    }

    /**
     * A captured VXLAN packet becomes a packet event on the tunnel between the nodes of its outer addresses; a
     * packet seen at both ends is drawn once, from the end that sent it.
     */
    @Override
    public void row(Object row) {
        if (!(DataView.of(row) instanceof Map<?, ?> m) || m.get("vni") == null) return;
        String[] outer = String.valueOf(m.get("outer")).split(" → ");
        if (outer.length != 2) return;
        String from = nodeByAddress.get(outer[0]);
        String to = nodeByAddress.get(outer[1]);
        String capturedOn = String.valueOf(m.get("node"));
        if (from == null || to == null || !capturedOn.equals(from)) return;
        if (!sampler.admit(System.nanoTime())) return;
        Map<String, Object> packet = new LinkedHashMap<>();
        packet.put("from", from);
        packet.put("to", to);
        packet.put("vni", m.get("vni"));
        packet.put("inner", m.get("inner"));
        packet.put("protocol", m.get("protocol"));
        packet.put("summary", m.get("summary"));
        packet.put("captured", sampler.seen());
        packet.put("sent", sampler.sent());
        hub.publishPacket(new SseEvent("packet", JsonOutput.toJson(packet)));
    }

    private void loop() {
        long pictureAt = 0;
        while (running) {
            try {
                if (hub.pages() == 0) {
                    // Nobody watches: nothing is read from the nodes; the first page to join gets a fresh picture
                    // (and rates from its second tick, not across the time nobody watched).
                    dirty = true;
                    lastCounters = Map.of();
                } else if (session.peekTarget().isPresent()) {
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
        nodeByAddress = addressesOf(data);
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

    private static Map<String, String> addressesOf(Object data) {
        Map<String, String> out = new LinkedHashMap<>();
        if (data instanceof List<?> nodes)
            for (Object o : nodes)
                if (o instanceof Map<?, ?> n && n.get("address") != null)
                    out.put(String.valueOf(n.get("address")), String.valueOf(n.get("node")));
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
