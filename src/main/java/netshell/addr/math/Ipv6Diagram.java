package netshell.addr.math;

import java.util.ArrayList;
import java.util.List;

import netshell.core.BadInput;

/**
 * The picture of `net diagram` for IPv6: one row per part (IPv6 addresses are too wide for columns), the
 * Subnet-Router anycast address marked at the start and the top of the block at the end (there is no broadcast).
 */
public final class Ipv6Diagram {
    static final int MAX_ROWS = 256;

    private Ipv6Diagram() {}

    public static String render(Ipv6Block given, int parts) {
        if (parts > MAX_ROWS) {
            throw new BadInput(parts + " parts are too many to draw (at most " + MAX_ROWS + "); net split lists them");
        }
        Ipv6Split split = Ipv6Split.intoParts(given, parts, true);
        Ipv6Block block = given.normalized();
        Subnet6Row piece = split.head().get(0);
        String title = block + " in " + parts + (parts == 1 ? " part" : " parts") + " of /" + split.prefix() + " ("
                + piece.addresses() + (piece.addresses().intValue() == 1 ? " address" : " addresses") + " each)";
        List<String> names = split.head().stream().map(Subnet6Row::cidr).toList();
        List<String> spans = split.head().stream().map(r -> r.cidr().replaceFirst("/.*", "") + " - " + r.last())
                .toList();
        String heading = block + "  " + block.network() + " - " + block.top();
        int indexWidth = String.valueOf(parts - 1).length();
        int nameWidth = longest(names);
        int spanWidth = Math.max(longest(spans), heading.length() - indexWidth - nameWidth - 4);
        int inner = indexWidth + 2 + nameWidth + 2 + spanWidth;
        String rule = "+" + "-".repeat(inner + 2) + "+";
        List<String> out = new ArrayList<>(List.of(title, rule, "| " + pad(heading, inner) + " |", rule));
        for (int i = 0; i < parts; i++) {
            String marker = "";
            if (i == 0) marker += " <- network (Subnet-Router anycast) " + block.network();
            if (i == parts - 1) marker += " <- top of the block " + block.top();
            out.add("| " + pad(" ".repeat(indexWidth - String.valueOf(i).length()) + i, indexWidth) + "  "
                    + pad(names.get(i), nameWidth) + "  " + pad(spans.get(i), spanWidth) + " |" + marker);
        }
        out.add(rule);
        StringBuilder text = new StringBuilder();
        for (String line : out) text.append(line.stripTrailing()).append('\n');
        return text.toString();
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }

    private static int longest(List<String> texts) {
        return texts.stream().mapToInt(String::length).max().orElse(0);
    }
}
