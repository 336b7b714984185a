package netshell.trace.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code conntrack -L} line: the original and the reply tuple. Where the reply's source is not the original's
 * destination, the connection was DNATed (a VIP's chosen backend); where the reply's destination is not the
 * original's source, it was SNATed (masquerade).
 */
public record ConntrackEntry(String proto, String src, String dst, Integer sport, Integer dport, String replySrc,
        String replyDst, Integer replySport, Integer replyDport, String line) {
    private static final Pattern KV = Pattern.compile("(?:^|\\s)(src|dst|sport|dport)=(\\S+)");

    /** The entries of {@code conntrack -L} output (its summary line and anything unparsable skipped). */
    public static List<ConntrackEntry> parse(String out) {
        List<ConntrackEntry> entries = new ArrayList<>();
        for (String line : out == null ? List.<String>of() : out.lines().toList()) {
            String[] words = line.strip().split("\\s+");
            if (words.length < 3) continue;
            List<String> src = new ArrayList<>();
            List<String> dst = new ArrayList<>();
            List<Integer> sport = new ArrayList<>();
            List<Integer> dport = new ArrayList<>();
            Matcher m = KV.matcher(line);
            while (m.find()) {
                switch (m.group(1)) {
                    case "src" -> src.add(m.group(2));
                    case "dst" -> dst.add(m.group(2));
                    case "sport" -> sport.add(Integer.valueOf(m.group(2)));
                    default -> dport.add(Integer.valueOf(m.group(2)));
                }
            }
            if (src.size() != 2 || dst.size() != 2) continue;
            entries.add(new ConntrackEntry(words[0], src.get(0), dst.get(0), at(sport, 0), at(dport, 0), src.get(1),
                    dst.get(1), at(sport, 1), at(dport, 1), line.strip()));
        }
        return entries;
    }

    private static Integer at(List<Integer> l, int i) { return l.size() > i ? l.get(i) : null; }

    /** Whether the reply comes from another address or port than the request went to (DNAT). */
    public boolean dnat() {
        return !replySrc.equals(dst) || (replySport != null && !replySport.equals(dport));
    }

    /** The DNAT target as the simulator names a VIP's branch ("10.0.0.129:80", "[fd00:10::81]:80"). */
    public String dnatTarget() {
        return Ip.hostPort(replySrc, replySport);
    }
}
