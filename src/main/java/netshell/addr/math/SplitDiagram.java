package netshell.addr.math;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import netshell.core.BadInput;
import netshell.core.IpFamily;

/**
 * The ASCII picture of `net diagram`: the whole block on top, one column per part, and markers under the network
 * address, each part boundary and the broadcast address. More than eight parts, columns that would not fit in
 * {@link #MAX_WIDTH}, and every IPv6 split (its addresses are too wide for columns) become one row per part; IPv6
 * marks its Subnet-Router anycast address at the start and the top of the block at the end (it has no broadcast).
 */
public final class SplitDiagram {
    static final int MAX_WIDTH = 100;
    static final int MAX_COLUMNS = 8;
    /** IPv6 parts drawn at most: a /48 holds 65536 /64s, which nobody reads as a picture. */
    static final int MAX_ROWS = 256;

    /** What the rows call the two ends of the block, and how a range is written. */
    private record Words(String start, String end, String dash) {}

    private static final Words V4 = new Words("network address", "broadcast address", "-");
    private static final Words V6 = new Words("network (Subnet-Router anycast)", "top of the block", " - ");

    private SplitDiagram() {}

    public static String render(IpPrefix whole, int parts) {
        boolean v4 = whole.family() == IpFamily.V4;
        if (!v4 && parts > MAX_ROWS) {
            throw new BadInput(parts + " parts are too many to draw (at most " + MAX_ROWS + "); net split lists them");
        }
        IpPrefix block = whole.normalized();
        List<? extends IpPrefix> pieces = block.split(parts);
        IpPrefix piece = pieces.get(0);
        boolean one = piece.prefix() == block.family().bits();
        String title = block + " in " + parts + (parts == 1 ? " part" : " parts") + " of /" + piece.prefix() + " ("
                + piece.addressCount() + (one ? " address" : " addresses") + " each)";
        if (!v4) return join(rows(title, block, pieces, V6));
        if (parts <= MAX_COLUMNS) {
            List<String> full = columns(title, block, pieces, UnaryOperator.identity());
            if (full != null) return join(full);
            int fixedOctets = block.prefix() / 8;
            if (fixedOctets > 0) {
                // Octets the whole block fixes are the same in every part; leaving them out narrows the columns.
                String common = String.join(".", List.of(block.network().split("\\.")).subList(0, fixedOctets)) + ".";
                List<String> narrow = columns(title + ", columns leave out the leading " + common, block, pieces,
                        address -> address.substring(common.length() - 1));
                if (narrow != null) return join(narrow);
            }
        }
        return join(rows(title, block, pieces, V4));
    }

    private static List<String> columns(String title, IpPrefix block, List<? extends IpPrefix> pieces,
            UnaryOperator<String> shorten) {
        int parts = pieces.size();
        List<String> names = pieces.stream().map(p -> shorten.apply(p.network()) + "/" + p.prefix()).toList();
        List<String> spans = pieces.stream()
                .map(p -> shorten.apply(p.network()) + "-" + shorten.apply(p.top())).toList();
        String wholeSpan = block.network() + "-" + block.top();
        String left = V4.start();
        String right = V4.end() + " " + block.top();

        int inner = Math.max(longest(names), longest(spans)) + 2;
        // A boundary label starts under its marker and must end before the next marker.
        for (IpPrefix p : pieces) inner = Math.max(inner, p.network().length());
        int minWidth = Math.max(wholeSpan.length() + 4, left.length() + 1 + right.length());
        while (parts * (inner + 1) + 1 < minWidth) inner++;
        int width = parts * (inner + 1) + 1;
        if (width > MAX_WIDTH) return null;

        List<String> out = new ArrayList<>();
        out.add(title);
        out.add("+" + "-".repeat(width - 2) + "+");
        out.add("|" + center(block.toString(), width - 2) + "|");
        out.add("|" + center(wholeSpan, width - 2) + "|");
        out.add(divider(parts, inner));
        out.add(cells(names, inner));
        out.add(cells(spans, inner));
        out.add(divider(parts, inner));
        StringBuilder markers = new StringBuilder(" ".repeat(width));
        StringBuilder labels = new StringBuilder(" ".repeat(width));
        for (int k = 0; k <= parts; k++) markers.setCharAt(k * (inner + 1), '^');
        for (int k = 0; k < parts; k++) {
            String label = pieces.get(k).network();
            labels.replace(k * (inner + 1), k * (inner + 1) + label.length(), label);
        }
        out.add(markers.toString());
        out.add(labels.toString());
        out.add(left + " ".repeat(width - left.length() - right.length()) + right);
        return out;
    }

    private static List<String> rows(String title, IpPrefix block, List<? extends IpPrefix> pieces, Words words) {
        List<String> names = pieces.stream().map(IpPrefix::toString).toList();
        List<String> spans = pieces.stream().map(p -> p.network() + words.dash() + p.top()).toList();
        int indexWidth = String.valueOf(pieces.size() - 1).length();
        int nameWidth = longest(names);
        String heading = block + "  " + block.network() + words.dash() + block.top();
        int spanWidth = Math.max(longest(spans), heading.length() - indexWidth - nameWidth - 4);
        int inner = indexWidth + 2 + nameWidth + 2 + spanWidth;
        String rule = "+" + "-".repeat(inner + 2) + "+";

        List<String> out = new ArrayList<>();
        out.add(title);
        out.add(rule);
        out.add("| " + pad(heading, inner) + " |");
        out.add(rule);
        for (int i = 0; i < pieces.size(); i++) {
            String index = " ".repeat(indexWidth - String.valueOf(i).length()) + i;
            String marker = "";
            if (i == 0) marker += " <- " + words.start() + " " + block.network();
            if (i == pieces.size() - 1) marker += " <- " + words.end() + " " + block.top();
            out.add("| " + index + "  " + pad(names.get(i), nameWidth) + "  " + pad(spans.get(i), spanWidth) + " |"
                    + marker);
        }
        out.add(rule);
        return out;
    }

    private static String divider(int parts, int inner) {
        return "+" + ("-".repeat(inner) + "+").repeat(parts);
    }

    private static String cells(List<String> texts, int inner) {
        StringBuilder line = new StringBuilder("|");
        for (String text : texts) line.append(center(text, inner)).append('|');
        return line.toString();
    }

    private static String center(String text, int width) {
        int left = (width - text.length()) / 2;
        return " ".repeat(left) + text + " ".repeat(width - text.length() - left);
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }

    private static int longest(List<String> texts) {
        return texts.stream().mapToInt(String::length).max().orElse(0);
    }

    private static String join(List<String> lines) {
        StringBuilder out = new StringBuilder();
        for (String line : lines) out.append(line.stripTrailing()).append('\n');
        return out.toString();
    }
}
