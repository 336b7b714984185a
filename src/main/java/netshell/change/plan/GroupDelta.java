package netshell.change.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one group of a node's state ({@code ipt4.nat}, {@code routes}, …) changed: its size and digest before and
 * after, the {@code diff -U0} hunks between them (as the node computed them), and, for a small group, its whole
 * text after the change. A group too big to carry its hunks is {@code cut}: compared by digest only.
 */
public record GroupDelta(String group, int beforeLines, String beforeDigest, int afterLines, String afterDigest,
        List<String> hunks, List<String> afterText, boolean cut) {
    /** The digest of a group that does not exist. */
    public static final String ABSENT = "-";

    public GroupDelta {
        hunks = List.copyOf(hunks);
        afterText = afterText == null ? null : List.copyOf(afterText);
    }

    public boolean existedBefore() { return !ABSENT.equals(beforeDigest); }

    /** The name users read: "iptables nat", "ip6tables filter", "nft ip netshell", "routes". */
    public String displayName() {
        return displayName(group);
    }

    public static String displayName(String group) {
        int scoped = group.indexOf('~'); // "ipt4.nat~NETSHELL-": read by its built-in and NETSHELL- chains alone
        if (scoped > 0) return displayName(group.substring(0, scoped));
        if (group.startsWith("ipt4.")) return "iptables " + group.substring(5);
        if (group.startsWith("ipt6.")) return "ip6tables " + group.substring(5);
        if (group.startsWith("nft.")) return "nft " + group.substring(4).replaceFirst("\\.", " ");
        return group;
    }

    /** "- line" for what went, "+ line" for what came, in the order of the hunks. */
    public List<String> plusMinus() {
        List<String> out = new ArrayList<>();
        for (String h : hunks) {
            if (h.startsWith("-")) out.add("- " + h.substring(1));
            else if (h.startsWith("+")) out.add("+ " + h.substring(1));
        }
        return out;
    }

    /** Names of links the change removed: in a "-" line and in no "+" line (undo cannot make them again). */
    public List<String> linksRemoved() {
        if (!group.equals("links")) return List.of();
        List<String> added = hunks.stream().filter(h -> h.startsWith("+")).map(GroupDelta::firstWord).toList();
        return hunks.stream().filter(h -> h.startsWith("-")).map(GroupDelta::firstWord)
                .filter(n -> !added.contains(n)).toList();
    }

    private static String firstWord(String hunkLine) {
        String s = hunkLine.substring(1).strip();
        int sp = s.indexOf(' ');
        return sp < 0 ? s : s.substring(0, sp);
    }

    /**
     * What {@code StateScript#undo} reads for these groups: "### NAME present|absent AFTER BEFORE" (the digests the
     * change left and found, to check the node first and verify it after) and the hunks.
     */
    public static String undoInput(List<GroupDelta> deltas) {
        StringBuilder sb = new StringBuilder();
        for (GroupDelta d : deltas) {
            sb.append("### ").append(d.group()).append(d.existedBefore() ? " present " : " absent ")
                    .append(d.afterDigest()).append(' ').append(d.beforeDigest()).append('\n');
            for (String h : d.hunks()) sb.append(h).append('\n');
        }
        return sb.toString();
    }

    /**
     * The change that reverses this one, as an undo makes it: sizes and digests swapped, each hunk's sides swapped
     * ("@@ -a,b +c,d @@" becomes "@@ -c,d +a,b @@", its "+" lines become "-" lines and come first). The text
     * before the change was not kept, so the whole after-text is known only when the group did not exist.
     */
    public GroupDelta inverse() {
        List<String> out = new ArrayList<>();
        List<String> minus = new ArrayList<>();
        List<String> plus = new ArrayList<>();
        String header = null;
        for (String h : hunks) {
            if (h.startsWith("@@")) {
                if (header != null) flushHunk(out, header, minus, plus);
                String[] w = h.split(" ");
                header = "@@ -" + w[2].substring(1) + " +" + w[1].substring(1) + " @@";
            } else if (h.startsWith("+")) minus.add("-" + h.substring(1));
            else if (h.startsWith("-")) plus.add("+" + h.substring(1));
        }
        if (header != null) flushHunk(out, header, minus, plus);
        return new GroupDelta(group, afterLines, afterDigest, beforeLines, beforeDigest, out,
                existedBefore() ? null : List.of(), cut);
    }

    private static void flushHunk(List<String> out, String header, List<String> minus, List<String> plus) {
        out.add(header);
        out.addAll(minus);
        out.addAll(plus);
        minus.clear();
        plus.clear();
    }

    /** Parses {@code StateScript#diff}'s output. */
    public static List<GroupDelta> parseAll(String output) {
        List<GroupDelta> out = new ArrayList<>();
        String[] head = null;
        List<String> hunks = new ArrayList<>();
        List<String> after = new ArrayList<>();
        boolean cut = false;
        for (String line : output.split("\n", -1)) {
            if (line.startsWith("### ")) {
                String[] w = line.substring(4).split(" ");
                if (w.length == 1 && w[0].equals("cut")) {
                    cut = true;
                    continue;
                }
                if (head != null) out.add(of(head, hunks, after, cut));
                head = w.length == 5 ? w : null;
                hunks = new ArrayList<>();
                after = new ArrayList<>();
                cut = false;
            } else if (head != null && line.startsWith("=")) {
                after.add(line.substring(1));
            } else if (head != null && (line.startsWith("@@") || line.startsWith("-") || line.startsWith("+"))) {
                hunks.add(line);
            }
        }
        if (head != null) out.add(of(head, hunks, after, cut));
        return out;
    }

    private static GroupDelta of(String[] w, List<String> hunks, List<String> after, boolean cut) {
        int afterLines = Integer.parseInt(w[3]);
        boolean whole = !ABSENT.equals(w[4]) && after.size() == afterLines;
        return new GroupDelta(w[0], Integer.parseInt(w[1]), w[2], afterLines, w[4], cut ? List.of() : hunks,
                whole ? after : ABSENT.equals(w[4]) ? List.of() : null, cut);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("group", group);
        m.put("beforeLines", beforeLines);
        m.put("beforeDigest", beforeDigest);
        m.put("afterLines", afterLines);
        m.put("afterDigest", afterDigest);
        m.put("hunks", hunks);
        m.put("afterText", afterText);
        m.put("cut", cut);
        return m;
    }

    @SuppressWarnings("unchecked")
    public static GroupDelta fromMap(Map<String, Object> m) {
        return new GroupDelta((String) m.get("group"), ((Number) m.get("beforeLines")).intValue(),
                (String) m.get("beforeDigest"), ((Number) m.get("afterLines")).intValue(),
                (String) m.get("afterDigest"), (List<String>) m.get("hunks"), (List<String>) m.get("afterText"),
                Boolean.TRUE.equals(m.get("cut")));
    }
}
