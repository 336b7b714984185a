package netshell.trace.plan;

import java.util.Objects;

/** A trace as text: one numbered line per phase, grouped by direction and branch, then the verdict. */
public final class TraceText {
    private TraceText() {}

    /** With {@code why}, each phase is followed by the Linux command that shows it by hand. */
    public static String of(Trace t, boolean why) {
        StringBuilder sb = new StringBuilder("trace " + t.from() + " → " + t.to() + " " + t.proto()
                + (t.port() == null ? "" : " port " + t.port()) + ", " + t.size() + " bytes (" + (t.mode().equals(
                        Trace.LIVE)
                                ? "live: one probe sent and traced; phases simulated where it shows nothing"
                                : "simulated: nothing sent")
                + ")\n");
        String group = null;
        int at = 0;
        int phase = 0;
        for (Hop h : t.hops()) {
            at = Math.max(at, h.at().length());
            phase = Math.max(phase, h.phase().length());
        }
        for (Hop h : t.hops()) {
            String g = h.direction() + (h.branch() == null ? "" : " (" + h.branch() + ")");
            if (!Objects.equals(g, group)) {
                sb.append(g).append(":\n");
                group = g;
            }
            sb.append(String.format("%3d  %-" + at + "s  %-" + phase + "s  %s%s%n", h.step(), h.at(), h.phase(),
                    h.dropped() ? "DROPPED: " : h.result().equals(Hop.UNDECIDED) ? "UNDECIDED: " : "", h.detail()));
            if (h.live() != null)
                sb.append("     ").append(" ".repeat(at + phase + 2)).append("live: ").append(h.live()).append('\n');
            if (why && !h.command().isEmpty())
                sb.append("     ").append(" ".repeat(at + phase + 2)).append("$ ")
                        .append(h.command()).append('\n');
        }
        if (t.dropAt() != null) {
            Drop d = t.dropAt();
            sb.append("DROPPED at ").append(d.at()).append(", ").append(d.phase()).append(" (").append(d.direction())
                    .append("): ").append(d.reason()).append("\n  see: ").append(d.command());
        } else if (t.verdict().equals(Trace.UNDECIDED)) {
            sb.append("UNDECIDED: the packet leaves the namespaces read");
        } else {
            sb.append("ALLOWED");
        }
        if (!t.undecided().isEmpty()) {
            sb.append("\nnot decided without a packet:");
            for (String u : t.undecided()) sb.append("\n  ").append(u);
        }
        return sb.toString();
    }
}
