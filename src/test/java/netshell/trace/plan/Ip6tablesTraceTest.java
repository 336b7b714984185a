package netshell.trace.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import netshell.core.IpFamily;

/**
 * ip6tables TRACE for nodes without nft: the rules of an IPv6 probe and of VXLAN over an IPv6 underlay, and the events
 * of {@code xtables-monitor -6} (iptables-nft) and of the kernel log (iptables-legacy) on golden lines captured from a
 * real run with netshell's own rules (capture-trace-lines6.sh): a router namespace x6r between fd09:1::2 and
 * fd09:2::2 with a user chain CHECKS (REJECT of tcp 82) jumped to from FORWARD, a DROP of tcp 81 in FORWARD and a
 * DNAT of [fd09:1::1]:8080 to [fd09:2::2]:80 (xtables6/, legacy6/), and a receiver x6vb of VXLAN over IPv6 (IPv4 and
 * IPv6 inside) and over IPv4 (IPv6 inside), read by one monitor per family (xtables6/tunnel-*).
 */
class Ip6tablesTraceTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/trace");
    private static final Set<IpFamily> BOTH = Set.of(IpFamily.V4, IpFamily.V6);

    private static List<String> lines(String file) throws IOException {
        return Files.readAllLines(GOLDEN.resolve(file), StandardCharsets.UTF_8);
    }

    private static Probe probe(String proto, String to, int sport, String id, Set<Integer> ports) {
        return new Probe(proto, to, proto.equals("icmp") ? null : 80, sport, 60, id, ports, BOTH);
    }

    private static List<String> joined(List<List<String>> rules) {
        return rules.stream().map(r -> String.join(" ", r)).toList();
    }

    @Test
    void anIpv6ProbeIsMarkedInIp6tablesWithMatchesXtablesMonitorCanPrint() {
        Probe tcp = probe("tcp", "fd00:10::81", 45120, "ab", Set.of(4789));
        String tail = " -m comment --comment netshell_trace_ab -j TRACE";
        List<String> pre = List.of("PREROUTING -p tcp -m multiport --sports 45120" + tail,
                "PREROUTING -p tcp -m multiport --dports 45120" + tail,
                // Inside VXLAN over IPv6: UDP at 40, the inner IPv6 header at 70, its next header at 76, ports at 110.
                "PREROUTING -p udp -m multiport --dports 4789 -m u32 --u32 6>>24=17&&76>>24=6&&110>>16=45120" + tail,
                "PREROUTING -p udp -m multiport --dports 4789 -m u32 --u32 6>>24=17&&76>>24=6&&110&0xFFFF=45120"
                        + tail);
        List<String> v6 = joined(new TraceRules(tcp).rules(IpFamily.V6));
        assertEquals(pre, v6.subList(0, 4));
        assertEquals(pre.stream().map(r -> r.replace("PREROUTING", "OUTPUT")).toList(), v6.subList(4, 8));
        // Inside VXLAN over IPv4 the inner IPv6 packet is marked by iptables, at the same offsets from the UDP header.
        assertEquals(List.of("PREROUTING -p udp -m udp --dport 4789 -m u32 --u32 0>>22&0x3C@36>>24=6&&0>>22&0x3C@70>>16"
                + "=45120" + tail,
                "PREROUTING -p udp -m udp --dport 4789 -m u32 --u32 0>>22&0x3C@36>>24=6"
                        + "&&0>>22&0x3C@70&0xFFFF=45120" + tail),
                joined(new TraceRules(tcp).rules(IpFamily.V4)).subList(0, 2));
        // An ICMPv6 echo: its request to TO and the reply from it, not the neighbour solicitations to TO.
        Probe echo = probe("icmp", "fd00:10::81", 0, "ab", Set.of());
        assertEquals(List.of("PREROUTING -d fd00:10::81/128 -p ipv6-icmp -m u32 --u32 6>>24=58&&40>>24=128" + tail,
                "PREROUTING -s fd00:10::81/128 -p ipv6-icmp -m u32 --u32 6>>24=58&&40>>24=129" + tail),
                joined(
                        new TraceRules(echo).rules(IpFamily.V6)).subList(0, 2));
        assertEquals(List.of(IpFamily.V6), new TraceRules(echo).families());
        // One transaction per family, in the family's own restore.
        assertEquals("*raw\n-D PREROUTING -d fd00:10::81/128 -p ipv6-icmp -m u32 --u32 6>>24=58&&40>>24=128" + tail
                + "\n-D PREROUTING -s fd00:10::81/128 -p ipv6-icmp -m u32 --u32 6>>24=58&&40>>24=129" + tail
                + "\n-D OUTPUT -d fd00:10::81/128 -p ipv6-icmp -m u32 --u32 6>>24=58&&40>>24=128" + tail
                + "\n-D OUTPUT -s fd00:10::81/128 -p ipv6-icmp -m u32 --u32 6>>24=58&&40>>24=129" + tail
                + "\nCOMMIT\n", new TraceRules(echo).script(IpFamily.V6, false));
        assertEquals(List.of("iptables", "ip6tables"), List.of(TraceRules.tool(IpFamily.V4), TraceRules.tool(
                IpFamily.V6)));
    }

    @Test
    void anIpv4ProbeOverAnIpv6UnderlayIsMarkedInIp6tablesOnTheNodesOfThatTunnel() {
        Probe tcp = probe("tcp", "10.1.0.129", 45120, "ab", Set.of(4789));
        // The inner IPv4 header at 70: its protocol the low byte of the word at 76, its ports at 90.
        assertEquals(List.of("PREROUTING -p udp -m multiport --dports 4789 -m u32 --u32 6>>24=17&&76&0xFF=6&&90>>16"
                + "=45120 -m comment --comment netshell_trace_ab -j TRACE"),
                joined(new TraceRules(tcp).rules(
                        IpFamily.V6)).subList(0, 1));
        assertEquals(List.of(IpFamily.V4, IpFamily.V6), new TraceRules(tcp).familiesOn(true));
        assertEquals(List.of(IpFamily.V4), new TraceRules(tcp).familiesOn(false));
        Probe icmp = probe("icmp", "10.1.0.129", 0, "ab", Set.of(4789));
        assertEquals(List.of("6>>24=17&&76&0xFF=1&&82=0x0a010081", "6>>24=17&&76&0xFF=1&&86=0x0a010081"),
                new TraceRules(icmp).rules(IpFamily.V6).stream().limit(2).map(r -> r.get(r.size() - 7)).toList());
        // Over IPv4 underlays only, an IPv4 probe has no ip6tables rule at all.
        Probe v4only = new Probe("tcp", "10.1.0.129", 80, 45120, 60, "ab", Set.of(4789));
        assertEquals(List.of(IpFamily.V4), new TraceRules(v4only).families());
        assertEquals(List.of(), new TraceRules(v4only).rules(IpFamily.V6));
    }

    /** The rules xtables-monitor echoed in each golden are the ones netshell writes for that probe. */
    @Test
    void theGoldensWereCapturedWithNetshellsOwnRules() throws IOException {
        Set<Integer> none = Set.of();
        Set<Integer> vxlan = Set.of(4789);
        assertEchoes("xtables6/fwddrop.monitor", IpFamily.V6, probe("tcp", "fd09:2::2", 45144, "0a0b0c3e", none));
        assertEchoes("xtables6/icmp.monitor", IpFamily.V6, probe("icmp", "fd09:2::2", 0, "0a0b0c41", none));
        assertEchoes("xtables6/tunnel-v4in6.monitor6", IpFamily.V6, probe("tcp", "10.96.0.2", 45163, "0a0b0c5d",
                vxlan));
        assertEchoes("xtables6/tunnel-v4in6.monitor4", IpFamily.V4, probe("tcp", "10.96.0.2", 45163, "0a0b0c5d",
                vxlan));
        assertEchoes("xtables6/tunnel-icmp6in6.monitor6", IpFamily.V6, probe("icmp", "fd09:96::2", 0, "0a0b0c5f",
                vxlan));
        assertEchoes("xtables6/tunnel-v6in4.monitor4", IpFamily.V4, probe("tcp", "fd09:94::2", 45165, "0a0b0c60",
                vxlan));
    }

    private static void assertEchoes(String file, IpFamily family, Probe probe) throws IOException {
        Set<String> echoed = new TreeSet<>();
        String flag = "-" + family.number() + " -t raw -A ";
        for (String l : lines(file))
            if (l.contains("EVENT: " + flag)) echoed.add(decimal(l.substring(l.indexOf(flag) + flag.length())));
        Set<String> ours = new TreeSet<>();
        for (String r : joined(new TraceRules(probe).rules(family))) ours.add(decimal(r));
        assertEquals(ours, echoed, file);
    }

    /** A rule with its numbers in decimal and no quotes: iptables prints u32's numbers in hexadecimal. */
    private static String decimal(String rule) {
        Matcher m = Pattern.compile("0[xX]([0-9a-fA-F]+)").matcher(rule.replace("\"", ""));
        StringBuilder sb = new StringBuilder();
        while (m.find()) m.appendReplacement(sb, new BigInteger(m.group(1), 16).toString());
        m.appendTail(sb);
        return sb.toString().strip();
    }

    @Test
    void xtablesMonitorIpv6LinesAreTheEventsOfAnNftTrace() throws IOException {
        Probe probe = probe("tcp", "fd09:2::2", 45143, "0a0b0c3d", Set.of());
        List<NftTraceEvent> events = XtablesTraceLines.parse(lines("xtables6/allowed.monitor"), probe);
        LiveEvidence e = new LiveEvidence("x6r", events, List.of(), List.of(), List.of(), null, Tracer.XTABLES);
        List<NftTraceEvent> seen = e.sightings(probe.table());
        assertEquals(List.of("tcp [fd09:1::2]:45143 → [fd09:2::2]:80", "tcp [fd09:2::2]:80 → [fd09:1::2]:45143"), seen
                .stream().limit(2).map(NftTraceEvent::packetText).toList());
        assertEquals(List.of(true, false), seen.stream().limit(2).map(probe::request).toList());
        assertEquals(List.of("ip6", "pre", "x6r0", "syn"), List.of(seen.get(0).family(), seen.get(0).chain(), seen
                .get(0).field("iif"), seen.get(0).field("tcp flags")));
        NftTraceEvent policy = events.stream().filter(ev -> ev.table().equals("filter") && ev.kind().equals("policy"))
                .findFirst().orElseThrow();
        assertEquals(List.of("ip6", "FORWARD", "accept", "x6r1"), List.of(policy.family(), policy.chain(), policy
                .verdict(), e.packetOf(policy).field("oif")));
        assertNull(XtablesTraceLines.stoppedAt(lines("xtables6/allowed.monitor")));

        Probe echo = probe("icmp", "fd09:2::2", 0, "0a0b0c41", Set.of());
        List<NftTraceEvent> pings = new LiveEvidence("x6r", XtablesTraceLines.parse(lines("xtables6/icmp.monitor"),
                echo), List.of(), List.of(), List.of(), null, Tracer.XTABLES).sightings(echo.table());
        assertEquals(List.of("icmpv6 fd09:1::2 → fd09:2::2", "icmpv6 fd09:2::2 → fd09:1::2"), pings.stream().map(
                NftTraceEvent::packetText).toList());
        assertEquals(List.of(true, false), pings.stream().map(echo::request).toList());
    }

    /**
     * xtables-monitor 1.8.9 exits at the first IPv6 rule with a port match it has to print: the DROP in FORWARD. Its
     * last step, without the rule, still names table, chain and verdict; the rule comes from the counter it moved.
     */
    @Test
    void aDropTheMonitorCouldNotPrintIsNamedFromTheCounterItMoved() throws IOException {
        Probe probe = probe("tcp", "fd09:2::2", 45144, "0a0b0c3e", Set.of());
        List<String> monitor = lines("xtables6/fwddrop.monitor");
        assertEquals("ip6 filter FORWARD", XtablesTraceLines.stoppedAt(monitor));
        assertTrue(monitor.stream().anyMatch(XtablesTraceLines::exited));
        RuleCounters before = RuleCounters.parse(Files.readString(GOLDEN.resolve("xtables6/fwddrop.before")), "ip6");
        RuleCounters after = RuleCounters.parse(Files.readString(GOLDEN.resolve("xtables6/fwddrop.after")), "ip6");
        List<RuleCounters.Counted> moved = after.movedSince(before);
        // Without the counters the step has no rule text; with them, the DROP whose counter the probe moved.
        NftTraceEvent bare = XtablesTraceLines.parse(monitor, probe).stream().filter(NftTraceEvent::drops).findFirst()
                .orElseThrow();
        assertEquals(List.of("ip6", "filter", "FORWARD", "drop", ""), List.of(bare.family(), bare.table(), bare
                .chain(), bare.verdict(), bare.rule()));
        List<NftTraceEvent> events = XtablesTraceLines.parse(monitor, probe, before, moved);
        NftTraceEvent drop = events.stream().filter(NftTraceEvent::drops).findFirst().orElseThrow();
        assertEquals("-A FORWARD -d fd09:2::2/128 -p tcp -m tcp --dport 81 -j DROP", drop.rule());
        // A rule the monitor printed whole and the ruleset holds keeps its own text.
        assertTrue(events.stream().anyMatch(ev -> ev.rule().equals("-A FORWARD -j CHECKS")), events.toString());
        LiveEvidence e = new LiveEvidence("x6r", events, moved, List.of(), List.of(), null, Tracer.XTABLES);
        Drop d = LiveMerge.tracedDrop(probe, List.of(e), List.of());
        assertEquals(List.of("x6r", "FILTER", "request", "x6r ip6tables -t filter -L FORWARD -v -n --line-numbers"),
                List.of(d.at(), d.phase(), d.direction(), d.command()));
        assertEquals("tcp [fd09:1::2]:45144 → [fd09:2::2]:81: filter FORWARD rule 2: -A FORWARD -d fd09:2::2/128 -p tcp"
                + " -m tcp --dport 81 -j DROP (iptables TRACE: verdict drop)", d.reason());
    }

    @Test
    void aDnatTheMonitorCouldNotPrintStillGivesTheBackend() throws IOException {
        Probe probe = probe("tcp", "fd09:1::1", 45146, "0a0b0c40", Set.of());
        RuleCounters before = RuleCounters.parse(Files.readString(GOLDEN.resolve("xtables6/dnat.before")), "ip6");
        List<RuleCounters.Counted> moved = RuleCounters.parse(Files.readString(GOLDEN.resolve("xtables6/dnat.after")),
                "ip6").movedSince(before);
        List<String> monitor = lines("xtables6/dnat.monitor");
        assertEquals("ip6 nat PREROUTING", XtablesTraceLines.stoppedAt(monitor));
        LiveEvidence e = new LiveEvidence("x6r", XtablesTraceLines.parse(monitor, probe, before, moved), moved,
                List.of(), List.of(), null, Tracer.XTABLES);
        Trace sim = new Trace("a", "b", "tcp", 8080, 60, List.of(new Hop(1, "request", "backend [fd09:2::2]:80", "x6r",
                "NAT", "ok", "DNAT to [fd09:2::2]:80", "")), Trace.ALLOWED, null, List.of());
        List<String> notes = new ArrayList<>();
        assertEquals("backend [fd09:2::2]:80", LiveMerge.branch(sim, probe, List.of(e), notes));
        assertEquals(List.of("iptables TRACE: DNAT to [fd09:2::2]:80"), notes);
    }

    @Test
    void tunnelPacketsOverIpv6AndTheirInnerPacketsAreSeenByTheMonitorOfTheirFamily() throws IOException {
        Probe v4in6 = probe("tcp", "10.96.0.2", 45163, "0a0b0c5d", Set.of(4789));
        List<NftTraceEvent> outer = new LiveEvidence("x6vb", XtablesTraceLines.parse(lines(
                "xtables6/tunnel-v4in6.monitor6"), v4in6), List.of(), List.of(), List.of(), null, Tracer.XTABLES)
                .sightings(v4in6.table());
        assertTrue(outer.get(0).packetText().matches("udp \\[fd09:9::a]:\\d+ → \\[fd09:9::b]:4789"), outer.toString());
        assertEquals(List.of("pre", "x6vb0", "ip6"), List.of(outer.get(0).chain(), outer.get(0).field("iif"), outer.get(
                0).family()));
        // The reply leaves inside VXLAN: seen in output, by its outer packet's way out.
        assertTrue(outer.stream().anyMatch(s -> s.chain().equals("out") && "x6vb0".equals(s.field("oif"))), outer
                .toString());
        List<NftTraceEvent> inner = new LiveEvidence("x6vb", XtablesTraceLines.parse(lines(
                "xtables6/tunnel-v4in6.monitor4"), v4in6), List.of(), List.of(), List.of(), null, Tracer.XTABLES)
                .sightings(v4in6.table());
        assertEquals(List.of("tcp 10.96.0.1:45163 → 10.96.0.2:80", "vx6"), List.of(inner.get(0).packetText(), inner
                .get(0).field("iif")));

        Probe v6in4 = probe("tcp", "fd09:94::2", 45165, "0a0b0c60", Set.of(4789));
        List<NftTraceEvent> v4outer = XtablesTraceLines.parse(lines("xtables6/tunnel-v6in4.monitor4"), v6in4).stream()
                .filter(ev -> ev.table().equals(v6in4.table()) && ev.kind().equals("packet")).toList();
        assertTrue(v4outer.get(0).packetText().matches("udp 192\\.168\\.99\\.10:\\d+ → 192\\.168\\.99\\.11:4789"),
                v4outer.toString());
        Probe echo = probe("icmp", "fd09:96::2", 0, "0a0b0c5f", Set.of(4789));
        List<NftTraceEvent> pings = XtablesTraceLines.parse(lines("xtables6/tunnel-icmp6in6.monitor6"), echo).stream()
                .filter(ev -> ev.table().equals(echo.table()) && ev.kind().equals("packet")).toList();
        // The echo's outer packet in, the echo inside it, the reply, and the reply's outer packet out.
        assertEquals(List.of("udp", "icmpv6", "icmpv6", "udp"), pings.stream().map(p -> p.packetText().split(" ")[0])
                .toList());
    }

    @Test
    void kernelLogLinesOfIp6tablesLegacyAreReadWithIp6tablesRules() throws IOException {
        Probe probe = probe("tcp", "fd09:2::2", 45154, "0a0b0c4e", Set.of());
        RuleCounters rules = RuleCounters.parse(Files.readString(GOLDEN.resolve("legacy6/fwddrop.before")), "ip6")
                .with(RuleCounters.parse("*filter\n:FORWARD ACCEPT [0:0]\n[0:0] -A FORWARD -j DROP\nCOMMIT\n"));
        List<NftTraceEvent> events = KernelTraceLog.parse(lines("legacy6/fwddrop.log"), rules, probe);
        LiveEvidence e = new LiveEvidence("x6r", events, List.of(), List.of(), List.of(), null, Tracer.KERNEL_LOG);
        List<NftTraceEvent> seen = e.sightings(probe.table());
        assertEquals(1, seen.size(), events.toString());
        // The kernel writes IPv6 addresses in full; they are read as nft writes them.
        assertEquals(List.of("ip6", "pre", "x6r0", "tcp [fd09:1::2]:45154 → [fd09:2::2]:81"), List.of(seen.get(0)
                .family(), seen.get(0).chain(), seen.get(0).field("iif"), seen.get(0).packetText()));
        assertEquals(List.of("raw PREROUTING policy accept", "nat PREROUTING policy accept",
                "filter FORWARD rule jump CHECKS", "filter CHECKS verdict continue", "filter FORWARD rule drop"),
                events.stream().filter(ev -> !ev.kind().equals("packet")).map(ev -> ev.table() + " " + ev.chain()
                        + " " + ev.kind() + " " + ev.verdict()).toList());
        // Named from ip6tables' FORWARD, not from the IPv4 rule at the same position.
        NftTraceEvent drop = events.stream().filter(NftTraceEvent::drops).findFirst().orElseThrow();
        assertEquals(List.of("ip6", "-A FORWARD -d fd09:2::2/128 -p tcp -m tcp --dport 81 -j DROP"), List.of(drop
                .family(), drop.rule()));

        NftTraceEvent reject = KernelTraceLog.parse(lines("legacy6/reject.log"), RuleCounters.parse(Files.readString(
                GOLDEN.resolve("legacy6/reject.before")), "ip6"), probe("tcp", "fd09:2::2", 45155, "0a0b0c4f",
                        Set
                                .of()))
                .stream().filter(NftTraceEvent::drops).findFirst().orElseThrow();
        assertEquals(List.of("CHECKS", "reject"), List.of(reject.chain(), reject.verdict()));
        Probe echo = probe("icmp", "fd09:2::2", 0, "0a0b0c51", Set.of());
        List<NftTraceEvent> pings = new LiveEvidence("x6r", KernelTraceLog.parse(lines("legacy6/icmp.log"), RuleCounters
                .parse(Files.readString(GOLDEN.resolve("legacy6/icmp.before")), "ip6"), echo), List.of(), List.of(),
                List.of(), null, Tracer.KERNEL_LOG).sightings(echo.table());
        assertEquals(List.of("icmpv6 fd09:1::2 → fd09:2::2", "icmpv6 fd09:2::2 → fd09:1::2"), pings.stream().map(
                NftTraceEvent::packetText).toList());
        assertEquals(List.of("echo-request", "echo-reply"), pings.stream().map(p -> p.field("icmpv6 type")).toList());
        assertEquals(List.of(true, false), pings.stream().map(echo::request).toList());
    }
}
