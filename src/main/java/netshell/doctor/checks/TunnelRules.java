package netshell.doctor.checks;

import netshell.kernel.SaveWords;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import netshell.lb.rules.IptablesSave;

/**
 * Firewall rules that drop the tunnel's UDP port (ufw, firewalld, a hand-made nft table), and rules that drop a
 * random share of packets (the kernel has no netem everywhere: {@code -m statistic --mode random}, nft's
 * {@code numgen random}). Read from iptables-save's filter table and nftables' own tables.
 */
final class TunnelRules {
    private static final Pattern NFT_RANDOM = Pattern.compile("\\bnumgen random\\b");
    private static final Pattern NFT_DROP = Pattern.compile("\\b(drop|reject)\\b");

    private TunnelRules() {}

    /** A rule that drops one rule's worth of the node's VXLAN ports, found in iptables or nftables. */
    private record Hit(String shown, String fix) {}

    static List<Finding> firewall(NodeFacts f, CauseFacts c) {
        Set<Integer> ports = CauseChecks.vxlanPorts(f);
        if (ports.isEmpty()) return List.of();
        List<Hit> hits = new ArrayList<>();
        for (IptablesSave.Rule r : filterRules(f))
            if (drops(r) && !r.hasProbability() && udpToAny(r, ports)) hits.add(iptables(r));
        hits.addAll(nft(c, line -> !NFT_RANDOM.matcher(line).find() && nftUdpToAny(line, ports)));
        String portText = ports.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElse("");
        if (hits.isEmpty())
            return List.of(Finding.ok("firewall-vxlan", f.node(), "no rule drops UDP " + portText));
        return List.of(Finding.fail("firewall-vxlan", f.node(), "a firewall rule on " + f.node() + " drops UDP "
                + portText + ", the VXLAN port: every tunnel packet to it is lost, so the overlay is cut while ping"
                + " between the nodes still works" + CauseChecks.evidence("iptables-save -t filter; nft list ruleset",
                        hits.stream().map(Hit::shown).toList()),
                Fix.all(hits.stream().map(Hit::fix).toList())));
    }

    static List<Finding> loss(NodeFacts f, CauseFacts c) {
        if (f.state() == null || CauseChecks.overlayDevices(f).isEmpty()) return List.of();
        List<Hit> hits = new ArrayList<>();
        for (IptablesSave.Rule r : filterRules(f)) if (drops(r) && r.hasProbability()) hits.add(iptables(r));
        hits.addAll(nft(c, line -> NFT_RANDOM.matcher(line).find()));
        if (hits.isEmpty()) return List.of(Finding.ok("loss", f.node(), "no rule drops packets at random"));
        return List.of(Finding.fail("loss", f.node(), "a rule on " + f.node() + " drops a random share of packets"
                + " (what netem's loss does, made with a statistic match): transfers stall and retransmit, pings"
                + " come and go" + CauseChecks.evidence("iptables-save -t filter; nft list ruleset",
                        hits.stream().map(Hit::shown).toList()),
                Fix.all(hits.stream().map(Hit::fix).toList())));
    }

    private static List<IptablesSave.Rule> filterRules(NodeFacts f) {
        if (f.iptablesSave() == null) return List.of();
        try {
            return IptablesSave.parse(f.iptablesSave()).rules().stream().filter(r -> r.table().equals("filter"))
                    .toList();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private static boolean drops(IptablesSave.Rule r) {
        return "DROP".equals(r.target()) || "REJECT".equals(r.target());
    }

    private static boolean udpToAny(IptablesSave.Rule r, Set<Integer> ports) {
        List<String> m = r.matches();
        if (!m.contains("udp")) return false;
        for (int i = 0; i + 1 < m.size(); i++) {
            String opt = m.get(i);
            if (opt.equals("--dport") || opt.equals("--destination-port") || opt.equals("--dports")) {
                for (String p : m.get(i + 1).split(",")) if (inRange(p, ports)) return true;
            }
        }
        return false;
    }

    private static boolean inRange(String spec, Set<Integer> ports) {
        String[] ends = spec.split(":");
        try {
            int lo = Integer.parseInt(ends[0]);
            int hi = ends.length > 1 ? Integer.parseInt(ends[1]) : lo;
            return ports.stream().anyMatch(p -> p >= lo && p <= hi);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Hit iptables(IptablesSave.Rule r) {
        List<String> argv = new ArrayList<>(List.of("iptables", "-w", "-t", r.table(), "-D", r.chain()));
        argv.addAll(r.matches());
        if (r.target() != null) {
            argv.add("-j");
            argv.add(r.target());
            argv.addAll(r.targetArgs());
        }
        return new Hit(r.canonical(), Fix.line(argv));
    }

    private static boolean nftUdpToAny(String line, Set<Integer> ports) {
        if (!line.contains("udp dport")) return false;
        String after = line.substring(line.indexOf("udp dport") + "udp dport".length());
        for (String w : after.split("[\\s{},]+"))
            if (!w.isEmpty() && inRange(w.replace('-', ':'), ports))
                return true;
        return false;
    }

    /** nft rules (in nftables' own tables) that drop and match {@code what}, each with a fix deleting it. */
    private static List<Hit> nft(CauseFacts c, java.util.function.Predicate<String> what) {
        List<Hit> out = new ArrayList<>();
        if (c.nft() == null) return out;
        String family = null;
        String table = null;
        String chain = null;
        for (String raw : c.nft().split("\n")) {
            String line = raw.strip();
            String[] w = line.split("\\s+");
            if (w[0].equals("table") && w.length >= 3) {
                family = w[1];
                table = w[2];
            } else if (w[0].equals("chain") && w.length >= 2) {
                chain = w[1];
            } else if (chain != null && NFT_DROP.matcher(line).find() && what.test(line)) {
                // nft deletes a rule by its handle, which 'nft -a' prints at the end of the rule's line.
                String list = Fix.of("nft", "-a", "-s", "list", "chain", family, table, chain);
                String handle = "$(" + list + " | grep -F " + Fix.of(line) + " | awk '{print $NF; exit}')";
                out.add(new Hit(family + " " + table + " " + chain + ": " + line,
                        Fix.of("nft", "delete", "rule", family, table, chain, "handle") + " " + handle));
            }
        }
        return out;
    }
    static List<String> words(String line) {
        return SaveWords.of(line);
    }
}
