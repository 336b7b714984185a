package netshell.trace.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.junit.jupiter.api.Test;

import netshell.core.IpFamily;

/**
 * An IPv6 probe's evidence joined to the simulation, on golden data: the facts of the ipv6/ lab and what
 * {@code nft monitor} printed on each node of it while a probe of the same trace table crossed (live/ipv6-*): a VIP
 * [fd56::100]:80 DNATed to web2, an ip6tables DROP in node2's FORWARD, an echo, and an IPv4 probe over the IPv6
 * underlay. Also the probe's own marks: the nft table, tcpdump's filter and the conntrack listing for IPv6.
 */
class LiveMergeIpv6Test {
    private static final Path LIVE = Path.of("src/test/resources/golden/trace/live");

    private static Trace simulate(String from, String fromAddr, String to, String proto, Integer port, int size) {
        List<Box> boxes = new GoldenFacts("ipv6").boxes(List.of("node1", "node2"), Map.of("web1", "node1", "web2",
                "node2", "web3", "node1", "web4", "node2"));
        Box start = boxes.stream().filter(b -> b.name().equals(from)).findFirst().orElseThrow();
        return new Simulator(boxes).run(new Simulator.Request(start, fromAddr, to, proto, port, size), from, to);
    }

    private static List<NftTraceEvent> events(String file) throws IOException {
        return Files.readAllLines(LIVE.resolve(file), StandardCharsets.UTF_8).stream().map(NftTraceEvent::parse)
                .filter(Objects::nonNull).toList();
    }

    private static Hop hop(Trace t, String direction, String at, String phase) {
        return t.hops().stream().filter(h -> h.direction().equals(direction) && h.at().equals(at)
                && h.phase().equals(phase)).findFirst().orElseThrow(() -> new AssertionError(TraceText.of(t, false)));
    }

    @Test
    void ipv6PacketLinesGiveTheirAddressesAndPorts() throws IOException {
        NftTraceEvent pkt = events("ipv6-vip-node1.monitor").stream().filter(e -> e.kind().equals("packet"))
                .findFirst().orElseThrow();
        assertEquals(List.of("fd00:10::41", "fd56::100", "nsbr0"), List.of(pkt.saddr(), pkt.daddr(), pkt.field(
                "iif")));
        assertEquals("tcp [fd00:10::41]:45101 → [fd56::100]:80", pkt.packetText());
        NftTraceEvent echo = events("ipv6-echo-node1.monitor").stream().filter(e -> e.kind().equals("packet"))
                .findFirst().orElseThrow();
        assertEquals("icmpv6 fd00:10::41 → fd00:10::81", echo.packetText());
        assertEquals("echo-request", echo.field("icmpv6 type"));
    }

    @Test
    void theIpv6VipBackendConntrackChoseIsTheBranchKept() throws IOException {
        Probe probe = new Probe("tcp", "fd56::100", 80, 45101, 80, "c0ffee", Set.of(4789));
        List<ConntrackEntry> ct = ConntrackEntry.parse("tcp      6 114 TIME_WAIT src=fd00:10::41 dst=fd56::100"
                + " sport=45101 dport=80 src=fd00:10::81 dst=fd56::100 sport=80 dport=45101 [ASSURED] mark=0 use=1");
        assertEquals("[fd00:10::81]:80", ct.get(0).dnatTarget());
        LiveMerge.Merged m = LiveMerge.merge(simulate("web1", "fd00:10::41", "fd56::100", "tcp", 80, 80), probe,
                List.of(new LiveEvidence("node1", events("ipv6-vip-node1.monitor"), List.of(), ct, List.of(), null),
                        new LiveEvidence("node2", events("ipv6-vip-node2.monitor"), List.of(), List.of(), List.of(),
                                null)),
                new ProbeOutcome(ProbeOutcome.ANSWERED, "connected"));
        Trace t = m.trace();
        assertEquals(Trace.ALLOWED, t.verdict(), TraceText.of(t, false));
        assertTrue(t.hops().stream().allMatch(h -> h.branch() == null || h.branch().equals(
                "backend [fd00:10::81]:80")), TraceText.of(t, false));
        assertTrue(m.notes().contains("node1 conntrack: DNAT to [fd00:10::81]:80 (" + ct.get(0).line() + ")"),
                m.notes().toString());
        Hop dnat = t.hops().stream().filter(h -> h.phase().equals("NAT") && h.detail().startsWith("DNAT"))
                .findFirst().orElseThrow();
        assertEquals("conntrack: DNAT to [fd00:10::81]:80", dnat.live());
        assertTrue(hop(t, "request", "node1", "VXLAN-ENCAP").live().matches("nft trace: udp 192\\.168\\.56\\.10:\\d+"
                + " → 192\\.168\\.56\\.11:4789 leaves by eth1"), TraceText.of(t, false));
        assertTrue(hop(t, "request", "node2", "VXLAN-DECAP").live().endsWith("came in by eth1"), TraceText.of(t,
                false));
        assertTrue(hop(t, "request", "node1", "FILTER").live().startsWith("nft trace: ip6 filter NETSHELL-FORWARD"
                + " rule"), TraceText.of(t, false));
        assertTrue(m.notes().stream().noneMatch(n -> n.contains("disagree")), m.notes().toString());
        assertTrue(m.notes().get(0).startsWith("probe: tcp from port 45101 to [fd56::100]:80, 80 bytes"),
                m.notes().get(0));
    }

    @Test
    void anIp6tablesDropIsNamedByIp6tablesCountersNotIptablesOnes() throws IOException {
        Probe probe = new Probe("tcp", "fd00:10::81", 80, 45110, 80, "c0ffee", Set.of(4789));
        RuleCounters before = RuleCounters.parse(Files.readString(LIVE.resolve("ipv6-forward-drop-node2.before")),
                "ip6");
        RuleCounters after = RuleCounters.parse(Files.readString(LIVE.resolve("ipv6-forward-drop-node2.after")),
                "ip6");
        List<RuleCounters.Counted> moved = new ArrayList<>();
        // An iptables rule of the same table and chain that moved meanwhile (other traffic): not the probe's.
        moved.add(new RuleCounters.Counted("filter", "FORWARD", 1, "-A FORWARD -j DROP", 3));
        moved.addAll(after.movedSince(before));
        Trace sim = simulate("web1", "fd00:10::41", "fd00:10::81", "tcp", 80, 80);
        assertEquals(Trace.ALLOWED, sim.verdict()); // the golden facts have no rule on node2
        LiveMerge.Merged m = LiveMerge.merge(sim, probe, List.of(
                new LiveEvidence("node1", events("ipv6-forward-drop-node1.monitor"), List.of(), List.of(), List.of(),
                        null),
                new LiveEvidence("node2", events("ipv6-forward-drop-node2.monitor"), moved, List.of(), List.of(),
                        null)),
                new ProbeOutcome(ProbeOutcome.NO_ANSWER, "timed out"));
        Drop d = m.trace().dropAt();
        assertEquals(List.of("node2", "FILTER", "request"), List.of(d.at(), d.phase(), d.direction()));
        assertEquals("tcp [fd00:10::41]:45110 → [fd00:10::81]:80: filter FORWARD rule 1: -A FORWARD -d"
                + " fd00:10::81/128 -p tcp -m tcp --dport 80 -j DROP (nft trace: verdict drop)", d.reason());
        assertEquals("node2 ip6tables -t filter -L FORWARD -v -n --line-numbers", d.command());
    }

    @Test
    void anEchoIsAllowedWithItsIpv6Steps() throws IOException {
        Probe probe = new Probe("icmp", "fd00:10::81", null, 45100, 104, "c0ffee", Set.of(4789));
        LiveMerge.Merged m = LiveMerge.merge(simulate("web1", "fd00:10::41", "fd00:10::81", "icmp", null, 104), probe,
                List.of(new LiveEvidence("node1", events("ipv6-echo-node1.monitor"), List.of(), List.of(), List.of(),
                        null),
                        new LiveEvidence("node2", events("ipv6-echo-node2.monitor"), List.of(), List.of(), List.of(),
                                null)),
                new ProbeOutcome(ProbeOutcome.ANSWERED, "echo reply"));
        Trace t = m.trace();
        assertEquals(Trace.ALLOWED, t.verdict(), TraceText.of(t, false));
        assertTrue(hop(t, "request", "node1", "FILTER").live().startsWith("nft trace: ip6 filter FORWARD"),
                TraceText.of(t, false));
        assertTrue(hop(t, "reply", "node1", "FILTER").live().startsWith("nft trace: ip6 filter FORWARD"),
                TraceText.of(t, false));
        assertTrue(hop(t, "reply", "node2", "VXLAN-ENCAP").live().contains("→ 192.168.56.10:4789"),
                TraceText.of(t, false));
        assertTrue(m.notes().stream().noneMatch(n -> n.contains("disagree")), m.notes().toString());
    }

    @Test
    void anIpv4ProbeOverAnIpv6UnderlayIsSeenInItsIpv6Tunnel() throws IOException {
        Probe probe = new Probe("tcp", "10.1.0.129", 80, 45120, 60, "c0ffee", Set.of(4789), Set.of(IpFamily.V4,
                IpFamily.V6));
        List<String> wire = List.of("eth1 01:44:05.202783 IP6 fd56::a.45521 > fd56::b.4789: VXLAN, flags [I] (0x08),"
                + " vni 200 / IP 10.1.0.65.45120 > 10.1.0.129.80: Flags [S]");
        LiveMerge.Merged m = LiveMerge.merge(simulate("web3", "10.1.0.65", "10.1.0.129", "tcp", 80, 60), probe,
                List.of(new LiveEvidence("node1", events("ipv6-underlay-node1.monitor"), List.of(), List.of(), wire,
                        null),
                        new LiveEvidence("node2", events("ipv6-underlay-node2.monitor"), List.of(), List.of(),
                                List.of(), null)),
                new ProbeOutcome(ProbeOutcome.ANSWERED, "connected"));
        Trace t = m.trace();
        assertEquals(Trace.ALLOWED, t.verdict(), TraceText.of(t, false));
        assertTrue(hop(t, "request", "node1", "VXLAN-ENCAP").live().matches("nft trace: udp \\[fd56::a]:\\d+ →"
                + " \\[fd56::b]:4789 leaves by eth1"), TraceText.of(t, false));
        assertEquals("captured 1 packet fd56::a → [fd56::b]:4789 on the underlay", hop(t, "request", "node1",
                "UNDERLAY").live());
        assertTrue(hop(t, "request", "node2", "VXLAN-DECAP").live().endsWith("came in by eth1"),
                TraceText.of(t, false));
        assertTrue(hop(t, "reply", "node2", "VXLAN-ENCAP").live().contains("→ [fd56::a]:4789"), TraceText.of(t,
                false));
        assertTrue(m.notes().stream().noneMatch(n -> n.contains("disagree")), m.notes().toString());
    }

    @Test
    void theTraceTableMarksAnIpv6ProbeAtIpv6Offsets() {
        Probe tcp = new Probe("tcp", "fd00:10::81", 80, 45123, 80, "a1b2c3d4", Set.of(4789));
        assertEquals(IpFamily.V6, tcp.family());
        assertEquals(List.of("meta l4proto tcp th sport 45123", "meta l4proto tcp th dport 45123",
                // inner IPv6 at 30 bytes from the outer UDP header: next header at +6, ports at +40 and +42
                "udp dport 4789 @th,288,8 6 @th,560,16 45123", "udp dport 4789 @th,288,8 6 @th,576,16 45123"),
                tcp.matches());
        Probe echo = new Probe("icmp", "fd00:10::81", null, 45123, 104, "ab", Set.of(4789));
        // Echo types only: the probe's own neighbour solicitations to the same address are not marked.
        assertEquals(List.of("icmpv6 type echo-request ip6 daddr fd00:10::81",
                "icmpv6 type echo-reply ip6 saddr fd00:10::81",
                "udp dport 4789 @th,288,8 58 @th,560,8 128 @th,432,128 0xfd000010000000000000000000000081",
                "udp dport 4789 @th,288,8 58 @th,560,8 129 @th,304,128 0xfd000010000000000000000000000081"),
                echo.matches());
        assertEquals(List.of("conntrack", "-L", "-f", "ipv6", "-p", "icmpv6", "--orig-dst", "fd00:10::81"),
                echo.conntrackArgv());
        assertEquals(List.of("conntrack", "-L", "-f", "ipv6", "-p", "tcp", "--orig-port-src", "45123"),
                tcp.conntrackArgv());
        assertEquals(Set.of(IpFamily.V4, IpFamily.V6), tcp.netfilterFamilies());
        assertThrowsIllegal(() -> new Probe("icmp", "fd00:10:0::81", null, 1, 104, "ab", Set.of()));
        assertThrowsIllegal(() -> new Probe("icmp", "fd00::1%eth0", null, 1, 104, "ab", Set.of()));
    }

    @Test
    void tcpdumpReadsTheInnerPacketOverAnIpv6UnderlayAfterItsFixedHeader() {
        Probe tcp = new Probe("tcp", "10.1.0.129", 80, 45120, 60, "ab", Set.of(4789), Set.of(IpFamily.V4,
                IpFamily.V6));
        assertEquals(List.of("(tcp port 45120) or (udp dst port 4789 and udp[39] = 6 and (udp[50:2] = 45120 or"
                + " udp[52:2] = 45120)) or (ip6 and ip6[6] = 17 and ip6[42:2] = 4789 and ip6[79] = 6 and"
                + " (ip6[90:2] = 45120 or ip6[92:2] = 45120))"), tcp.captureFilter());
        Probe echo = new Probe("icmp", "fd00:10::81", null, 1, 104, "ab", Set.of(4789));
        assertEquals(List.of("(icmp6 and (ip6[40] = 128 or ip6[40] = 129) and host fd00:10::81) or (udp dst port"
                + " 4789 and udp[36] = 58 and ((udp[70] = 128 and udp[54:4] = 0xfd000010 and udp[58:4] = 0x00000000"
                + " and udp[62:4] = 0x00000000 and udp[66:4] = 0x00000081) or (udp[70] = 129 and udp[38:4] ="
                + " 0xfd000010 and udp[42:4] = 0x00000000 and udp[46:4] = 0x00000000 and udp[50:4] ="
                + " 0x00000081)))"), echo.captureFilter());
        // An IPv4 probe over IPv4 underlays only: the filter of before.
        assertEquals(List.of("(tcp port 45120) or (udp dst port 4789 and udp[39] = 6 and (udp[50:2] = 45120 or"
                + " udp[52:2] = 45120))"), new Probe("tcp", "10.1.0.129", 80, 45120, 60, "ab", Set.of(4789))
                        .captureFilter());
    }

    @Test
    void iptablesTraceMarksIpv6ProbesTooWithALoggerForIpv6() throws IOException {
        Path tools = Path.of("src/test/resources/golden/trace/tools");
        TraceTools xt = TraceTools.parse(Files.readString(tools.resolve("iptables-nft-namespace.out")));
        assertEquals(List.of(Tracer.XTABLES, Tracer.XTABLES), List.of(xt.tracerFor(IpFamily.V4), xt.tracerFor(
                IpFamily.V6)));
        assertEquals(xt.why(), xt.whyFor(IpFamily.V4));
        assertEquals("no nft: ip6tables TRACE rules in raw, read with xtables-monitor --trace", xt.whyFor(IpFamily.V6));
        // iptables-legacy: the kernel logs IPv6's TRACE through nf_log.10, IPv4's through nf_log.2.
        String host = Files.readString(tools.resolve("legacy-host.out"));
        TraceTools legacy = TraceTools.parse(host);
        assertEquals(List.of(Tracer.KERNEL_LOG, "nf_log_ipv6"), List.of(legacy.tracerFor(IpFamily.V6), legacy
                .ipv6Logger()));
        assertEquals("iptables-legacy: ip6tables TRACE rules in raw, read from the kernel log (dmesg)", legacy.whyFor(
                IpFamily.V6));
        TraceTools no6 = TraceTools.parse(host.replace("nf_log/10:nf_log_ipv6", "nf_log/10:NONE"));
        assertEquals(List.of(Tracer.KERNEL_LOG, Tracer.NONE), List.of(no6.tracerFor(IpFamily.V4), no6.tracerFor(
                IpFamily.V6)));
        assertTrue(no6.whyFor(IpFamily.V6).startsWith("iptables-legacy, and no kernel logger for IPv6"
                + " (net.netfilter.nf_log.10 is NONE"), no6.whyFor(IpFamily.V6));
        TraceTools no4 = TraceTools.parse(host.replace("nf_log/2:nf_log_ipv4", "nf_log/2:NONE"));
        assertEquals(List.of(Tracer.NONE, Tracer.KERNEL_LOG), List.of(no4.tracerFor(IpFamily.V4), no4.tracerFor(
                IpFamily.V6)));
        TraceTools legacyNs = TraceTools.parse(Files.readString(tools.resolve("legacy-namespace.out")));
        assertEquals(Tracer.NONE, legacyNs.tracerFor(IpFamily.V6));
        assertEquals(legacyNs.why(), legacyNs.whyFor(IpFamily.V6));
        TraceTools nft = TraceTools.parse(Files.readString(tools.resolve("nft-namespace.out")));
        assertEquals(Tracer.NFT, nft.tracerFor(IpFamily.V6));
        assertEquals(null, nft.whyFor(IpFamily.V6));
    }

    private static void assertThrowsIllegal(Runnable r) {
        try {
            r.run();
        } catch (IllegalArgumentException expected) {
            return;
        }
        throw new AssertionError("accepted");
    }
}
