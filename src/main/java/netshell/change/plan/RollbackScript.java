package netshell.change.plan;

import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The shell script that puts a node back as a snapshot found it, and the commands that arm it on the node (a
 * systemd timer where systemd runs this network namespace, else a detached {@code setsid} shell that sleeps first)
 * and disarm it. The armed script takes a lock first, so that a rollback and a {@code confirm} that cross never both
 * act; it leaves a {@code .done} line saying what it restored for netshell to report.
 */
public final class RollbackScript {
    private RollbackScript() {}

    /** What a rollback can restore. */
    public enum Part { NETFILTER, SYSCTL, LINKS, ADDRESSES, ROUTES }

    public static final String DIR = "/run/netshell/rollback";
    private static final String EOF = "NETSHELL_SNAPSHOT_EOF";
    private static final List<String> IPTABLES = List.of("filter", "nat", "mangle", "raw", "security");

    /** The parts whose groups ({@link StateLines}) differ: what an undo has to put back. */
    public static Set<Part> parts(Set<String> groups) {
        Set<Part> out = EnumSet.noneOf(Part.class);
        for (String g : groups) {
            if (g.startsWith("iptables ") || g.startsWith("ip6tables ") || g.startsWith("nft "))
                out.add(Part.NETFILTER);
            else if (g.equals(Snapshot.LINKS)) out.add(Part.LINKS);
            else if (g.equals(Snapshot.ADDRS)) out.add(Part.ADDRESSES);
            else if (g.equals(Snapshot.ROUTES)) out.add(Part.ROUTES);
            else if (g.equals(Snapshot.SYSCTL)) out.add(Part.SYSCTL);
        }
        return out;
    }

    /**
     * The script restoring {@code parts} of {@code s}. With an {@code id} it is the armed kind (lock, .done marker);
     * without, it runs at once (undo) and prints what it restored.
     */
    public static String text(String id, String what, Snapshot s, Set<Part> parts) {
        StringBuilder sb = new StringBuilder("#!/bin/sh\n");
        sb.append("# netshell rollback").append(id == null ? "" : " " + id).append(": back to before ")
                .append(oneLine(what)).append('\n');
        sb.append("d=").append(DIR).append('\n');
        if (id != null) sb.append("mkdir \"$d/").append(id).append(".lock\" 2>/dev/null || exit 0 # confirmed first\n");
        sb.append("r=\nnl='\n'\n");
        if (parts.contains(Part.NETFILTER)) netfilter(sb, s);
        if (parts.contains(Part.SYSCTL)) sysctl(sb, s);
        if (parts.contains(Part.LINKS)) links(sb, s);
        if (parts.contains(Part.ADDRESSES)) addresses(sb, s);
        if (parts.contains(Part.ROUTES)) routes(sb, s);
        if (id == null) {
            sb.append("echo \"restored:${r:- nothing}\"\n");
        } else {
            sb.append("echo \"$(date -u +%Y-%m-%dT%H:%M:%SZ) restored:${r:- nothing}\" > \"$d/").append(id)
                    .append(".done\"\n");
            sb.append("rm -f \"$d/").append(id).append(".pid\" \"$d/").append(id).append(".sh\"\n");
        }
        return sb.toString();
    }

    private static void netfilter(StringBuilder sb, Snapshot s) {
        if (s.readable(Snapshot.NFT)) nft(sb, s);
        else
            sb.append("# nft: not readable at snapshot time, left alone\n");
        iptables(sb, "iptables", "ip", s, Snapshot.IPTABLES);
        iptables(sb, "ip6tables", "ip6", s, Snapshot.IP6TABLES);
    }

    private static void nft(StringBuilder sb, Snapshot s) {
        String own = String.join("", NftTables.own(s.section(Snapshot.NFT)).values());
        String owned = "ip/filter ip/nat ip/mangle ip/raw ip/security ip6/filter ip6/nat ip6/mangle ip6/raw "
                + "ip6/security arp/filter bridge/filter bridge/nat bridge/broute";
        sb.append("# nftables' own tables, replaced in one transaction\n");
        sb.append("if command -v nft >/dev/null 2>&1; then\n");
        sb.append("  f=$(mktemp)\n");
        sb.append("  nft list tables 2>/dev/null | while read -r _ fam name; do\n");
        sb.append("    case ' ").append(owned).append(" ' in *\" $fam/$name \"*) ;;\n");
        sb.append("      *) echo \"add table $fam $name\"; echo \"delete table $fam $name\" ;; esac\n");
        sb.append("  done > \"$f\"\n");
        sb.append("  cat >> \"$f\" <<'").append(EOF).append("'\n").append(own);
        if (!own.isEmpty() && !own.endsWith("\n")) sb.append('\n');
        sb.append(EOF).append('\n');
        sb.append("  nft -f \"$f\" && r=\"$r nftables\"\n  rm -f \"$f\"\nfi\n");
    }

    private static void iptables(StringBuilder sb, String tool, String family, Snapshot s, String section) {
        if (!s.readable(section)) {
            sb.append("# ").append(tool).append(": not readable at snapshot time, left alone\n");
            return;
        }
        String save = s.section(section);
        Set<String> had = new LinkedHashSet<>();
        for (String line : save.split("\n")) if (line.startsWith("*")) had.add(line.substring(1).strip());
        sb.append("# ").append(tool).append(": tables the snapshot lacks go, the others are rewritten whole\n");
        sb.append("if command -v ").append(tool).append("-restore >/dev/null 2>&1; then\n");
        sb.append("  for t in ").append(String.join(" ", IPTABLES)).append("; do\n");
        sb.append("    case ' ").append(String.join(" ", had)).append(" ' in *\" $t \"*) continue ;; esac\n");
        sb.append("    if ").append(tool).append(" -V 2>/dev/null | grep -q nf_tables; then nft delete table ")
                .append(family).append(" $t 2>/dev/null\n");
        sb.append("    else ").append(tool).append(" -w -t $t -F 2>/dev/null; ").append(tool)
                .append(" -w -t $t -X 2>/dev/null; fi\n");
        sb.append("  done\n");
        sb.append("  ").append(tool).append("-restore -w <<'").append(EOF).append("' && r=\"$r ").append(tool)
                .append("\"\n");
        for (String line : save.split("\n")) if (!line.isBlank() && !line.startsWith("#")) sb.append(line).append('\n');
        sb.append(EOF).append('\n').append("fi\n");
    }

    private static void sysctl(StringBuilder sb, Snapshot s) {
        sb.append("# forwarding switches\n");
        sb.append("sc() { f=/proc/sys/$(echo \"$1\" | tr . /); [ -w \"$f\" ] && [ \"$(cat \"$f\")\" != \"$2\" ] ")
                .append("&& echo \"$2\" > \"$f\" && r=\"$r $1=$2\"; }\n");
        for (String line : s.section(Snapshot.SYSCTL).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && line.substring(0, eq).matches("[a-z0-9_.]+") && line.substring(eq + 1).matches("[0-9]+"))
                sb.append("sc ").append(line, 0, eq).append(' ').append(line.substring(eq + 1)).append('\n');
        }
    }

    private static void links(StringBuilder sb, Snapshot s) {
        String keep = String.join(" ", StateLines.linkNames(s.section(Snapshot.LINKS)));
        sb.append("# links that came after the snapshot go\n");
        sb.append("keep=").append(quote(" " + keep + " ")).append('\n');
        sb.append("for dev in $(ip -o link show | sed -n 's/^[0-9]*: \\([^:@ ]*\\).*/\\1/p'); do\n");
        sb.append("  case \"$keep\" in *\" $dev \"*) ;; *) ip link del \"$dev\" 2>/dev/null && r=\"$r -link:$dev\" ;;")
                .append(" esac\ndone\n");
    }

    private static void addresses(StringBuilder sb, Snapshot s) {
        List<String> want = StateLines.addresses(s.section(Snapshot.ADDRS));
        sb.append("# addresses: the ones that came go, the ones that went come back\n");
        sb.append("want=").append(quote("\n" + want.stream().map(w -> w + "\n").collect(Collectors.joining())))
                .append('\n');
        sb.append("cur() { ip -o addr show | awk '$3==\"inet\"||$3==\"inet6\" {d=$2; sub(/@.*/,\"\",d); ")
                .append("print $4\" dev \"d}' | grep -v '^fe80:'; }\n");
        restore(sb, "addr", "ip addr del $x", "ip addr add $x");
    }

    private static void routes(StringBuilder sb, Snapshot s) {
        List<String> want = s.section(Snapshot.ROUTES).lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        sb.append("# routes (those the kernel derives from addresses aside)\n");
        sb.append("want=").append(quote("\n" + want.stream().map(w -> w + "\n").collect(Collectors.joining())))
                .append('\n');
        sb.append("cur() { ip route show | sed 's/ *$//' | grep -v ' proto kernel '; }\n");
        restore(sb, "route", "ip route del $x", "ip route replace $x");
    }

    /** Lines of cur() missing from $want are removed, lines of $want missing from cur() put back. */
    private static void restore(StringBuilder sb, String what, String del, String add) {
        sb.append("IFS=$nl\n");
        sb.append("for x in $(cur); do case \"$want\" in *\"$nl$x$nl\"*) ;;\n");
        sb.append("  *) IFS=' '; ").append(del).append(" 2>/dev/null && r=\"$r -").append(what)
                .append(":$(echo $x | tr ' ' _)\"; IFS=$nl ;; esac\ndone\n");
        sb.append("for x in $want; do case \"$nl$(cur)$nl\" in *\"$nl$x$nl\"*) ;;\n");
        sb.append("  *) IFS=' '; ").append(add).append(" 2>/dev/null && r=\"$r +").append(what)
                .append(":$(echo $x | tr ' ' _)\"; IFS=$nl ;; esac\ndone\n");
        sb.append("unset IFS\n");
    }

    /** Writes the script (stdin) to the node and schedules it in {@code seconds}; prints how it is armed. */
    public static List<String> arm(String id, int seconds) {
        return List.of("sh", "-c", String.join("\n",
                "d=" + DIR + "; mkdir -p \"$d\" && cat > \"$d/$1.sh\" || exit 1",
                "if [ -d /run/systemd/system ] && command -v systemd-run >/dev/null 2>&1 \\",
                "    && [ \"$(readlink /proc/1/ns/net)\" = \"$(readlink /proc/self/ns/net)\" ]; then",
                "  systemd-run --quiet --unit=\"netshell-rollback-$1\" --on-active=\"$2\" /bin/sh \"$d/$1.sh\" \\",
                "    && echo \"armed: systemd timer netshell-rollback-$1\"; exit",
                "fi",
                "setsid sh -c 'echo $$ > \"$1.pid\"; sleep \"$2\"; exec sh \"$1.sh\"' sh \"$d/$1\" \"$2\" \\",
                "  </dev/null >/dev/null 2>&1 &",
                "i=0; while [ ! -s \"$d/$1.pid\" ] && [ $i -lt 250 ]; do sleep 0.02; i=$((i+1)); done",
                "[ -s \"$d/$1.pid\" ] && echo \"armed: process group $(cat \"$d/$1.pid\")\""),
                "sh", id, String.valueOf(seconds));
    }

    /** Stops an armed rollback; exit 3 with the .done line when it has already run. */
    public static List<String> disarm(String id) {
        return disarm(id, false);
    }

    /** {@code quiet}: exit 0 also when it has already run (a newer rollback restores the same snapshot). */
    public static List<String> disarm(String id, boolean quiet) {
        return List.of("sh", "-c", String.join("\n",
                "d=" + DIR,
                "if ! mkdir \"$d/$1.lock\" 2>/dev/null; then",
                "  i=0; while [ ! -f \"$d/$1.done\" ] && [ $i -lt 500 ]; do sleep 0.02; i=$((i+1)); done",
                "  cat \"$d/$1.done\" 2>/dev/null || echo 'rolling back'; rm -rf \"$d/$1.done\" \"$d/$1.lock\"; exit "
                        + (quiet ? 0 : 3),
                "fi",
                "systemctl stop \"netshell-rollback-$1.timer\" 2>/dev/null",
                "[ -s \"$d/$1.pid\" ] && kill -- \"-$(cat \"$d/$1.pid\")\" 2>/dev/null",
                "rm -rf \"$d/$1.sh\" \"$d/$1.pid\" \"$d/$1.lock\"",
                "echo disarmed"),
                "sh", id);
    }

    /** Prints the .done line (and clears it) when the rollback ran; exit 1 when it has not. */
    public static List<String> status(String id) {
        return List.of("sh", "-c",
                "d=" + DIR + "; cat \"$d/$1.done\" 2>/dev/null && rm -rf \"$d/$1.done\" \"$d/$1.lock\"", "sh", id);
    }

    /** What a .done line says was restored: "restored: iptables -link:vx0" → "iptables -link:vx0". */
    public static String restored(String doneLine) {
        int at = doneLine.indexOf("restored:");
        return at < 0 ? doneLine.strip() : doneLine.substring(at + "restored:".length()).strip();
    }

    static String quote(String s) { return "'" + s.replace("'", "'\\''") + "'"; }

    private static String oneLine(String s) { return s == null ? "" : s.replace('\n', ' '); }

    /** Every part: what a --confirm rollback restores. */
    public static Set<Part> all() {
        return EnumSet.allOf(Part.class);
    }
}
