package netshell.remote.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What pingall shows: per network a matrix (rows: from, columns: to; ✓ with the round trip in ms, or ✗), then
 * one line: "12/12 reachable", or "2 of 12 pairs dropped: web1→web3, web3→web1".
 */
public final class ReachMatrix {
    /** Dropped pairs named in the summary; more are counted, not listed. */
    static final int NAMED = 8;

    private ReachMatrix() {}

    public static String text(List<Probe> probes) {
        Map<String, List<Probe>> byNetwork = new LinkedHashMap<>();
        for (Probe p : probes) byNetwork.computeIfAbsent(p.network(), k -> new ArrayList<>()).add(p);
        StringBuilder sb = new StringBuilder();
        for (var e : byNetwork.entrySet()) sb.append(matrix(e.getKey(), e.getValue())).append('\n');
        return sb.append(summary(probes)).toString();
    }

    /** One network's matrix; endpoints in the order they first appear. */
    static String matrix(String network, List<Probe> probes) {
        Set<String> names = new LinkedHashSet<>();
        for (Probe p : probes) {
            names.add(p.from());
            names.add(p.to());
        }
        List<String> order = new ArrayList<>(names);
        Map<String, Probe> cell = new LinkedHashMap<>();
        for (Probe p : probes) cell.put(p.from() + "\0" + p.to(), p);
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of(network + " (ms)"));
        header.addAll(order);
        rows.add(header);
        for (String from : order) {
            List<String> row = new ArrayList<>(List.of(from));
            for (String to : order) {
                Probe p = cell.get(from + "\0" + to);
                row.add(from.equals(to) ? "·" : p == null ? "" : p.ok() ? "✓ " + ms(p.rttMs()) : "✗");
            }
            rows.add(row);
        }
        return aligned(rows);
    }

    public static String summary(List<Probe> probes) {
        List<String> dropped = probes.stream().filter(p -> !p.ok()).map(Probe::arrow).toList();
        if (dropped.isEmpty()) return probes.size() + "/" + probes.size() + " reachable";
        String named = String.join(", ", dropped.subList(0, Math.min(NAMED, dropped.size())));
        return dropped.size() + " of " + probes.size() + " pairs dropped: " + named
                + (dropped.size() > NAMED ? ", …" : "");
    }

    static String ms(Double rtt) {
        if (rtt == null) return "";
        return rtt >= 10 ? String.format(Locale.ROOT, "%.0f", rtt) : String.format(Locale.ROOT, "%.2f", rtt);
    }

    private static String aligned(List<List<String>> rows) {
        int columns = rows.get(0).size();
        int[] width = new int[columns];
        for (List<String> r : rows) {
            for (int i = 0; i < columns; i++) width[i] = Math.max(width[i], r.get(i).length());
        }
        StringBuilder sb = new StringBuilder();
        for (List<String> r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                if (i > 0) line.append("  ");
                line.append(r.get(i)).append(" ".repeat(width[i] - r.get(i).length()));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString().stripTrailing();
    }
}
