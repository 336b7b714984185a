package netshell.fault;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import netshell.command.Args;
import netshell.command.Changes;
import netshell.command.CommandSpec;
import netshell.command.Context;
import netshell.command.Displayable;
import netshell.command.OutcomeOf;
import netshell.command.Param;
import netshell.command.TextTable;
import netshell.command.Verb;
import netshell.core.BadInput;
import netshell.core.Plan;
import netshell.fault.plan.FaultKind;
import netshell.fault.plan.FaultPlanner;
import netshell.fault.plan.FaultTarget;
import netshell.fault.plan.Planted;
import netshell.node.Node;

/**
 * {@code fault inject|ls|clear}: plants a fault from the catalogue as one change, lists the faults planted (read back
 * from their markers on the nodes, so another shell sees them too) and clears them.
 */
public final class FaultCommands {
    /** Options a fault may take; each kind reads the ones it needs. */
    private static final List<String> OPTIONS = List.of("dev", "link", "peer", "mtu", "vni", "percent", "backend");

    private FaultCommands() {}

    public static CommandSpec spec() {
        return CommandSpec.of("fault", "plant overlay faults for exercises, list them, clear them",
                Verb.of("inject", "plant a fault (one change: journaled, --confirm and undo work)",
                        FaultCommands::inject,
                        Param.positional("kind", "the fault ('fault ls --describe' lists them)")
                                .choices(FaultKind.ids().toArray(String[]::new)),
                        Param.onNodes("the nodes to plant it on (default: the first node with the overlay)"),
                        Param.option("dev", "the VXLAN device (default: the node's overlay device)").completes("iface"),
                        Param.option("link", "link-down: the overlay link to set down").completes("iface"),
                        Param.option("peer", "fdb-missing: the peer address whose flood entry goes"),
                        Param.option("mtu", "mtu: the MTU to set (default: 50 below the device's)"),
                        Param.option("vni", "wrong-vni: the VNI to use (default: the overlay's + 1)"),
                        Param.option("percent", "loss: the share of tunnel packets dropped").defaultValue("20"),
                        Param.option("backend", "backend-dead: the backend ADDR (or ADDR:PORT) that dies")
                                .completes("backend"),
                        Param.confirm())
                        .details("""
                                Each fault is a plan of steps with their undo, planted like any change and
                                remembered by a marker on the node (/run/netshell/faults/), so 'fault ls' and
                                'fault clear' in another shell see it. A fault that needs what is not there (no
                                overlay, no VIP backend, a read-only sysctl) is refused before anything changes.
                                'doctor' names each fault by its check: see 'fault ls --describe'."""),
                Verb.of("ls", "the faults planted, numbered; --describe: the catalogue", FaultCommands::ls,
                        Param.flag("describe", "what each fault breaks and the doctor check that finds it"),
                        Param.onNodes()),
                Verb.of("clear", "clear fault N, or every planted fault", FaultCommands::clear,
                        Param.optionalPositional("n", "the fault's number (see 'fault ls')"), Param.onNodes(),
                        Param.confirm()));
    }

    // ---- inject

    static Object inject(Args a, Context ctx) {
        FaultKind kind = FaultKind.of(a.get("kind"));
        Map<String, String> options = new LinkedHashMap<>();
        for (String o : OPTIONS) if (a.get(o) != null) options.put(o, a.get(o));
        if (kind == FaultKind.BACKEND_DEAD && options.containsKey("backend"))
            options.put("backend", options.get("backend").replaceFirst(":\\d+$", ""));
        List<Node> all = ctx.select(null);
        Map<String, FaultReads.Read> reads = FaultReads.read(ctx, all, kind == FaultKind.BACKEND_DEAD);
        int id = reads.values().stream().flatMap(r -> r.planted().stream()).mapToInt(Planted::id).max().orElse(0) + 1;
        List<Node> nodes = a.get("on") != null
                ? ctx.select(a.get("on"))
                : List.of(defaultNode(kind, all, reads,
                        options));
        Plan plan = new Plan();
        for (Node n : nodes) {
            FaultTarget t = reads.get(n.name()).target();
            plan.addAll(n.name(), FaultPlanner.inject(kind, id, t, options));
        }
        return new Injected(id, kind.id(), kind.check(), List.copyOf(plan.byNode().keySet()),
                Changes.applyOrRollBack(ctx, plan));
    }

    /** A planted fault: its number and kind first, then the change as applied (or rolled back). */
    public record Injected(int id, String kind, String check, List<String> nodes, Object applied)
            implements
                OutcomeOf,
                Displayable {
        @Override
        public Object inner() { return applied; }

        @Override
        public String text() {
            String change = applied instanceof Displayable d ? d.text() : String.valueOf(applied);
            if (failed()) return change;
            return "fault " + id + " (" + kind + ") on " + String.join(", ", nodes) + ": doctor's check " + check
                    + " finds it; 'fault clear " + id + "' clears it\n" + change;
        }

        @Override
        public Object data() {
            return Map.of("id", id, "kind", kind, "check", check, "nodes", nodes,
                    "applied", applied instanceof Displayable d ? d.data() : "");
        }
    }

    /** Without --on: the node holding the backend, or the first with an overlay, or the first node. */
    private static Node defaultNode(FaultKind kind, List<Node> all, Map<String, FaultReads.Read> reads,
            Map<String, String> options) {
        for (Node n : all) {
            FaultTarget t = reads.get(n.name()).target();
            if (kind == FaultKind.BACKEND_DEAD) {
                if (t.backendVeths().containsKey(options.getOrDefault("backend", ""))) return n;
            } else if (t.vxlan(options.get("dev")).isPresent()) {
                return n;
            }
        }
        if (kind == FaultKind.BACKEND_DEAD)
            throw new BadInput("fault backend-dead: " + (options.containsKey("backend")
                    ? "no container on the nodes holds " + options.get("backend")
                    : "give the backend: --backend ADDR") + "; nothing was changed");
        if (all.isEmpty()) throw new BadInput("fault: no nodes");
        return all.get(0);
    }

    // ---- ls

    /** The faults planted, as rows for text and JSON. */
    public record Listing(List<Row> rows, List<String> warnings) implements Displayable {
        public record Row(int id, String node, String kind, String check, String detail) {}

        @Override
        public String text() {
            TextTable t = new TextTable("id", "node", "kind", "check", "detail");
            rows.forEach(r -> t.row(r.id(), r.node(), r.kind(), r.check(), r.detail()));
            return t.withWarnings("no faults planted", warnings);
        }

        @Override
        public Object data() { return rows; }
    }

    /** The catalogue, for teachers. */
    public record Catalogue(List<Entry> faults) implements Displayable {
        public record Entry(String kind, String check, String breaks) {}

        @Override
        public String text() {
            TextTable t = new TextTable("kind", "check", "breaks");
            faults.forEach(e -> t.row(e.kind(), e.check(), e.breaks()));
            return t.toString();
        }

        @Override
        public Object data() { return faults; }
    }

    static Object ls(Args a, Context ctx) {
        if (a.flag("describe")) {
            return new Catalogue(List.of(FaultKind.values()).stream()
                    .map(k -> new Catalogue.Entry(k.id(), k.check(), k.breaks())).toList());
        }
        List<String> warnings = new ArrayList<>();
        List<Planted> planted = planted(ctx, a.get("on"), warnings);
        return new Listing(planted.stream().map(p -> new Listing.Row(p.id(), p.node(), p.kind().id(),
                p.kind().check(), p.summary())).toList(), warnings);
    }

    private static List<Planted> planted(Context ctx, String on, List<String> warnings) {
        List<Planted> out = new ArrayList<>();
        for (FaultReads.Read r : FaultReads.markers(ctx, ctx.select(on)).values()) {
            out.addAll(r.planted());
            warnings.addAll(r.warnings());
        }
        out.sort(Comparator.comparingInt(Planted::id).thenComparing(Planted::node));
        return out;
    }

    // ---- clear

    static Object clear(Args a, Context ctx) {
        List<String> warnings = new ArrayList<>();
        List<Planted> planted = planted(ctx, a.get("on"), warnings);
        if (a.get("n") != null) {
            int id = (int) Args.parseBounded("N", a.get("n"), 1, Integer.MAX_VALUE);
            planted = planted.stream().filter(p -> p.id() == id).toList();
            if (planted.isEmpty()) throw new BadInput("fault clear: no fault " + id + " is planted (see 'fault ls')");
        }
        if (planted.isEmpty()) return new Listing(List.of(), warnings);
        Plan plan = new Plan();
        try {
            // Newest first, as they were planted on top of each other.
            List<Planted> newestFirst = new ArrayList<>(planted);
            java.util.Collections.reverse(newestFirst);
            for (Planted p : newestFirst) plan.addAll(p.node(), FaultPlanner.clear(p));
        } catch (IllegalArgumentException e) {
            throw new BadInput("fault clear: " + e.getMessage() + "; nothing was changed");
        }
        return Changes.applyOrRollBack(ctx, plan);
    }
}
