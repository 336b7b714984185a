package netshell.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import netshell.command.Displayable;
import netshell.command.Mark;
import netshell.command.Marked;
import netshell.trace.plan.Drop;
import netshell.trace.plan.Hop;
import netshell.trace.plan.Trace;
import netshell.trace.plan.TraceText;

/**
 * trace's answer: {@code hops} (numbered phases), {@code verdict} (ALLOWED, DROPPED or UNDECIDED) and {@code dropAt}
 * (node, phase, reason, command, or null), for Groovy and --json; {@code notes} name the reads that failed. A dropped
 * packet is an answer, not a failure: the command exits 0, and a script reads the verdict.
 */
public record TraceReport(Trace trace, boolean why, List<String> notes) implements Displayable, Marked {
    public TraceReport {
        notes = List.copyOf(notes);
    }

    public List<Hop> getHops() { return trace.hops(); }

    public String getVerdict() { return trace.verdict(); }

    public Drop getDropAt() { return trace.dropAt(); }

    public List<Hop> hops() { return trace.hops(); }

    public String verdict() { return trace.verdict(); }

    public Drop dropAt() { return trace.dropAt(); }

    public boolean dropped() { return Trace.DROPPED.equals(trace.verdict()); }

    @Override
    public String markSource() { return "trace"; }

    /** The path on the topology: each phase where it happened, in order; a dropped one marked as such. */
    @Override
    public List<Mark> marks() {
        List<Mark> out = new ArrayList<>();
        for (Hop h : trace.hops()) {
            String text = h.step() + " " + h.direction() + " " + h.phase() + ": " + h.result()
                    + (h.detail() == null || h.detail().isEmpty() ? "" : " (" + h.detail() + ")");
            out.add(new Mark(Mark.HOP, h.at(), null, !Hop.DROPPED.equals(h.result()), text));
        }
        return out;
    }

    @Override
    public String text() {
        StringBuilder sb = new StringBuilder(TraceText.of(trace, why));
        for (String n : notes) sb.append("\nnote: ").append(n);
        return sb.toString();
    }

    @Override
    public Object data() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", trace.from());
        m.put("to", trace.to());
        m.put("proto", trace.proto());
        m.put("port", trace.port());
        m.put("size", trace.size());
        m.put("mode", trace.mode());
        List<Object> hops = new ArrayList<>();
        for (Hop h : trace.hops()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("step", h.step());
            x.put("direction", h.direction());
            x.put("branch", h.branch());
            x.put("at", h.at());
            x.put("phase", h.phase());
            x.put("result", h.result());
            x.put("detail", h.detail());
            x.put("command", h.command());
            x.put("live", h.live());
            hops.add(x);
        }
        m.put("hops", hops);
        m.put("verdict", trace.verdict());
        Drop d = trace.dropAt();
        if (d == null) {
            m.put("dropAt", null);
        } else {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("at", d.at());
            x.put("phase", d.phase());
            x.put("direction", d.direction());
            x.put("reason", d.reason());
            x.put("command", d.command());
            m.put("dropAt", x);
        }
        m.put("undecided", trace.undecided());
        m.put("notes", notes);
        return m;
    }
}
