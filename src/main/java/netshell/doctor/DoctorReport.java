package netshell.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import netshell.command.CommandOutcome;
import netshell.command.Displayable;
import netshell.command.Mark;
import netshell.command.Marked;
import netshell.doctor.checks.Finding;
import netshell.doctor.checks.Status;

/**
 * doctor's answer: one row per check and node, one line each so that {@code doctor | grep FAIL} works; exit 1 on any
 * FAIL.
 */
public record DoctorReport(List<Finding> rows) implements CommandOutcome, Displayable, Marked {
    public DoctorReport {
        rows = List.copyOf(rows);
    }

    @Override
    public String markSource() { return "doctor"; }

    /** Each warning and failure on its node, with the fix: a finding for every node, none for the rest. */
    @Override
    public List<Mark> marks() {
        List<Mark> out = new ArrayList<>();
        for (Finding f : rows) {
            if (f.status() == Status.OK || f.node() == null) continue;
            out.add(new Mark(Mark.FINDING, f.node(), null, f.status() == Status.WARN, f.status() + " " + f.check()
                    + ": " + f.explanation() + (f.fix() == null || f.fix().isEmpty() ? "" : "\nfix: " + f.fix())));
        }
        return out;
    }

    public List<Finding> failures() { return rows.stream().filter(Finding::failed).toList(); }

    public List<Finding> with(Status status) { return rows.stream().filter(r -> r.status() == status).toList(); }

    @Override
    public boolean failed() { return !failures().isEmpty(); }

    @Override
    public String failureSummary() {
        return failures().size() + " check(s) failed: " + failures().stream().map(f -> f.check() + " on " + f.node())
                .distinct().collect(Collectors.joining(", "));
    }

    @Override
    public String text() {
        int check = Math.max(5, rows.stream().mapToInt(r -> r.check().length()).max().orElse(0));
        int node = Math.max(4, rows.stream().mapToInt(r -> r.node().length()).max().orElse(0));
        StringBuilder sb = new StringBuilder(
                pad("CHECK", check) + "  " + pad("NODE", node) + "  STATUS  EXPLANATION  (FIX)\n");
        for (Finding r : rows) {
            sb.append(pad(r.check(), check)).append("  ").append(pad(r.node(), node)).append("  ")
                    .append(pad(r.status().name(), 6))
                    .append("  ").append(r.explanation());
            if (!r.fix().isEmpty()) sb.append("  fix: ").append(r.fix());
            sb.append('\n');
        }
        long ok = rows.stream().filter(r -> r.status() == Status.OK).count();
        sb.append("checks: ").append(ok).append(" ok, ").append(with(Status.WARN).size()).append(" warn, ")
                .append(failures().size()).append(" fail");
        return sb.toString();
    }

    @Override
    public Object data() { return rows; }

    private static String pad(String s, int w) { return s.length() >= w ? s : s + " ".repeat(w - s.length()); }
}
