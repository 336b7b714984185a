package netshell.lb;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import netshell.command.Displayable;
import netshell.lb.rules.InstalledService;

/** `lb show`: per node and service its backends, the share the rules give each, and the kernel's counters. */
record LbReport(List<Row> rows) implements Displayable {

    /**
     * One backend of one service on one node; {@code share} is the rules' share, {@code seen} its part of counted
     * connections.
     */
    record Row(String node, String service, String mode, String backend, double share, long packets, long bytes,
            double seen) {
        Row {
            share = ratio(share);
            seen = ratio(seen);
        }
    }

    /**
     * A share as scripts and --json see it: 4 decimals. iptables keeps a probability as a fraction of 2^31, so a
     * third reads back as 0.33333333325500003; the text shows percent with 1 decimal.
     */
    static double ratio(double fraction) {
        return Math.round(fraction * 10_000) / 10_000.0;
    }

    static LbReport of(List<LbNodeState> nodes) {
        var rows = new ArrayList<Row>();
        for (LbNodeState n : nodes) {
            for (InstalledService s : n.services()) {
                long total = s.totalPackets();
                for (var b : s.backends()) {
                    rows.add(new Row(n.name(), s.key(), s.mode(), b.endpoint().toString(), b.share(), b.packets(),
                            b.bytes(),
                            total == 0 ? 0 : (double) b.packets() / total));
                }
            }
        }
        return new LbReport(rows);
    }

    static final int BAR = 20;

    /** A bar of BAR cells for a fraction 0..1. */
    static String bar(double fraction) {
        int full = (int) Math.round(Math.max(0, Math.min(1, fraction)) * BAR);
        return "#".repeat(full) + ".".repeat(BAR - full);
    }

    static String percent(double fraction) { return String.format(Locale.ROOT, "%5.1f%%", fraction * 100); }

    @Override
    public String text() {
        if (rows.isEmpty()) return "no load-balanced services";
        var sb = new StringBuilder();
        String current = null;
        for (Row r : rows) {
            String head = r.node() + "  " + r.service() + "  (" + r.mode() + ")";
            if (!head.equals(current)) {
                sb.append(head).append('\n');
                sb.append(String.format(Locale.ROOT, "  %-21s %6s %10s %10s  %s%n", "BACKEND", "RULE", "PACKETS",
                        "BYTES", "SHARE OF NEW CONNECTIONS"));
                current = head;
            }
            sb.append(String.format(Locale.ROOT, "  %-21s %6s %10d %10d  %s %s%n", r.backend(),
                    percent(r.share()).strip(),
                    r.packets(), r.bytes(), bar(r.seen()), percent(r.seen())));
        }
        return sb.toString().stripTrailing();
    }

    @Override
    public Object data() { return rows; }

    /** For completions and scripts: the services seen, "VIP:PORT/PROTO" once each. */
    List<String> services() {
        return rows.stream().map(Row::service).distinct().toList();
    }

}
