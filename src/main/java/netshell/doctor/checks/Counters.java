package netshell.doctor.checks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kernel drop counters of one node at one moment, as "GROUP.NAME" → value: the SNMP groups of /proc/net/snmp and
 * /proc/net/netstat ("Udp.InCsumErrors", "TcpExt.IPReversePathFilter", the figures {@code nstat -az} prints as
 * UdpInCsumErrors and TcpExtIPReversePathFilter) and conntrack's statistics of /proc/net/stat/nf_conntrack summed
 * over the CPUs ("conntrack.insert_failed", "conntrack.drop"). All are per network namespace.
 */
public record Counters(Map<String, Long> values) {
    public Counters {
        values = Map.copyOf(values);
    }

    /** The value of {@code name}, or null when the node does not have that counter. */
    public Long get(String name) {
        return values.get(name);
    }

    /**
     * The counters in {@code text}: /proc/net/snmp and /proc/net/netstat (a line of names after "GROUP:", then a
     * line of values after the same "GROUP:"), then /proc/net/stat/nf_conntrack (a header of names starting with
     * "entries", then one row of hexadecimal values per CPU). Lines that fit neither are skipped.
     */
    public static Counters parse(String text) {
        Map<String, Long> out = new LinkedHashMap<>();
        List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("entries ")) {
                i = conntrack(lines, i, out);
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 1 || i + 1 >= lines.size() || !lines.get(i + 1).startsWith(line.substring(0, colon + 1)))
                continue;
            String group = line.substring(0, colon);
            String[] names = line.substring(colon + 1).strip().split("\\s+");
            String[] numbers = lines.get(i + 1).substring(colon + 1).strip().split("\\s+");
            if (names.length == numbers.length && !names[0].matches("-?\\d+")) {
                for (int k = 0; k < names.length; k++)
                    if (numbers[k].matches("-?\\d{1,19}")) out.put(group + "." + names[k], Long.valueOf(numbers[k]));
                i++;
            }
        }
        return new Counters(out);
    }

    /** Conntrack's per-CPU rows from the header at {@code at}, summed; "entries" is the table's, so taken once. */
    private static int conntrack(List<String> lines, int at, Map<String, Long> out) {
        String[] names = lines.get(at).split("\\s+");
        long[] sums = new long[names.length];
        int i = at + 1;
        for (; i < lines.size(); i++) {
            String[] row = lines.get(i).split("\\s+");
            if (row.length != names.length || !lines.get(i).matches("[0-9a-fA-F\\s]+")) break;
            for (int k = 0; k < row.length; k++) {
                long v = Long.parseLong(row[k], 16);
                sums[k] = k == 0 ? v : sums[k] + v;
            }
        }
        if (i > at + 1) for (int k = 0; k < names.length; k++) out.put("conntrack." + names[k], sums[k]);
        return i - 1;
    }
}
