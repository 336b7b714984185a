package netshell.trace.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import netshell.core.IpFamily;

/**
 * iptables TRACE for nodes without nft: the probe's TRACE rules, and the events of {@code xtables-monitor --trace}
 * (iptables-nft) and of the kernel log (iptables-legacy) on golden lines captured from a real run: a router namespace
 * between 10.9.1.2 and 10.9.2.2 with a user chain CHECKS (REJECT of tcp 82) jumped to from FORWARD, a DROP of tcp 81 in
 * FORWARD and a DNAT of 10.9.1.1:8080 to 10.9.2.2:80 (xtables/ and legacy/: one file per probe, written by
 * capture-trace-lines.sh).
 */
class IptablesTraceTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/trace");

    private static List<String> lines(String file) throws IOException {
        return Files.readAllLines(GOLDEN.resolve(file), StandardCharsets.UTF_8);
    }

    private static Probe tcp(String to, int port, int sport, String id) {
        return new Probe("tcp", to, port, sport, 60, id, Set.of(4789));
    }

    @Test
    void traceRulesMatchWhatTheNftTableMatchesAndGoFirstInRaw() {
        Probe p = tcp("10.0.0.129", 80, 45123, "0a0b0c0d");
        List<String> rules = new TraceRules(p).rules(IpFamily.V4).stream().map(r -> String.join(" ", r)).toList();
        String tail = " -m comment --comment netshell_trace_0a0b0c0d -j TRACE";
        assertEquals(List.of(
                "PREROUTING -p tcp -m tcp --sport 45123" + tail,
                "PREROUTING -p tcp -m tcp --dport 45123" + tail,
                "PREROUTING -p udp -m udp --dport 4789 -m u32 --u32 0>>22&0x3C@36&0xFF=6&&0>>22&0x3C@50>>16=45123"
                        + tail,
                "PREROUTING -p udp -m udp --dport 4789 -m u32 --u32 0>>22&0x3C@36&0xFF=6&&0>>22&0x3C@50&0xFFFF=45123"
                        + tail,
                "OUTPUT -p tcp -m tcp --sport 45123" + tail,
                "OUTPUT -p tcp -m tcp --dport 45123" + tail,
                "OUTPUT -p udp -m udp --dport 4789 -m u32 --u32 0>>22&0x3C@36&0xFF=6&&0>>22&0x3C@50>>16=45123" + tail,
                "OUTPUT -p udp -m udp --dport 4789 -m u32 --u32 0>>22&0x3C@36&0xFF=6&&0>>22&0x3C@50&0xFFFF=45123"
                        + tail),
                rules);
        // The u32 offsets are the nft table's, in bytes: @th,312,8 is byte 39 (the last of the word at 36), @th,400,16
        // and @th,416,16 the two halves of the word at 50.
        assertTrue(p.matches().contains("udp dport 4789 @th,312,8 6 @th,400,16 45123"), p.matches().toString());
        assertTrue(p.matches().contains("udp dport 4789 @th,312,8 6 @th,416,16 45123"), p.matches().toString());

        Probe icmp = new Probe("icmp", "10.0.0.129", null, 0, 84, "ab", Set.of(4789));
        assertEquals(List.of("PREROUTING -p icmp -d 10.0.0.129", "PREROUTING -p icmp -s 10.0.0.129",
                "PREROUTING -p udp -m udp --dport 4789 -m u32 --u32 0>>22&0x3C@36&0xFF=1&&0>>22&0x3C@42=0x0a000081",
                "PREROUTING -p udp -m udp --dport 4789 -m u32 --u32 0>>22&0x3C@36&0xFF=1&&0>>22&0x3C@46=0x0a000081"),
                new TraceRules(icmp).rules(IpFamily.V4).stream().limit(4).map(r -> String.join(" ", r.subList(0,
                        r.size() - 6))).toList());
    }

    @Test
    void theRulesGoInAndOutInOneTransactionEach() {
        Probe p = new Probe("udp", "10.0.0.129", 53, 45127, 60, "0a0b0c12", Set.of());
        String tail = " -m comment --comment netshell_trace_0a0b0c12 -j TRACE\n";
        assertEquals("*raw\n-I OUTPUT 1 -p udp -m udp --dport 45127" + tail + "-I OUTPUT 1 -p udp -m udp --sport 45127"
                + tail + "-I PREROUTING 1 -p udp -m udp --dport 45127" + tail
                + "-I PREROUTING 1 -p udp -m udp --sport 45127" + tail + "COMMIT\n",
                new TraceRules(p).script(
                        IpFamily.V4, true));
        assertEquals("*raw\n-D PREROUTING -p udp -m udp --sport 45127" + tail + "-D PREROUTING -p udp -m udp --dport"
                + " 45127" + tail + "-D OUTPUT -p udp -m udp --sport 45127" + tail + "-D OUTPUT -p udp -m udp --dport"
                + " 45127" + tail + "COMMIT\n", new TraceRules(p).script(IpFamily.V4, false));
        assertEquals("*raw\n:netshell_trace_0a0b0c12 - [0:0]\n-X netshell_trace_0a0b0c12\nCOMMIT\n",
                new TraceRules(p).echoScript());
    }

    @Test
    void xtablesMonitorLinesAreTheEventsOfAnNftTrace() throws IOException {
        Probe probe = tcp("10.9.2.2", 81, 45124, "0a0b0c0e");
        List<NftTraceEvent> events = XtablesTraceLines.parse(lines("xtables/fwddrop.monitor"), probe);
        LiveEvidence e = new LiveEvidence("xtr", events, List.of(), List.of(), List.of(), null, Tracer.XTABLES);
        // The probe's own TRACE rule is the trace table's sighting: in prerouting, by xtr0, the request.
        List<NftTraceEvent> seen = e.sightings(probe.table());
        assertEquals(1, seen.size(), events.toString());
        assertEquals(List.of("pre", "xtr0", "tcp 10.9.1.2:45124 → 10.9.2.2:81", "syn"), List.of(seen.get(0).chain(),
                seen.get(0).field("iif"), seen.get(0).packetText(), seen.get(0).field("tcp flags")));
        assertTrue(probe.request(seen.get(0)));
        NftTraceEvent jump = events.stream().filter(ev -> ev.verdict() != null && ev.verdict().startsWith("jump"))
                .findFirst().orElseThrow();
        assertEquals(List.of("filter", "FORWARD", "jump CHECKS", "-A FORWARD -j CHECKS"), List.of(jump.table(),
                jump.chain(), jump.verdict(), jump.rule()));
        NftTraceEvent drop = events.stream().filter(NftTraceEvent::drops).findFirst().orElseThrow();
        assertEquals(List.of("ip", "filter", "FORWARD", "rule", "drop",
                "-A FORWARD -d 10.9.2.2/32 -p tcp -m tcp --dport 81 -j DROP"),
                List.of(drop.family(), drop.table(),
                        drop.chain(), drop.kind(), drop.verdict(), drop.rule()));
        // Its packet line is the one of FORWARD: in by xtr0, out by xtr1.
        assertEquals(List.of("xtr0", "xtr1"), List.of(e.packetOf(drop).field("iif"), e.packetOf(drop).field("oif")));
        assertEquals(List.of("raw PREROUTING policy accept", "nat PREROUTING policy accept"), events.stream()
                .filter(ev -> ev.kind().equals("policy")).map(ev -> ev.table() + " " + ev.chain() + " " + ev.kind()
                        + " " + ev.verdict())
                .toList());
        assertTrue(events.stream().noneMatch(ev -> ev.text().contains("EVENT")), "ruleset events are no trace events");
    }

    @Test
    void xtablesRejectDnatIcmpAndUdp() throws IOException {
        NftTraceEvent reject = XtablesTraceLines.parse(lines("xtables/reject.monitor"), tcp("10.9.2.2", 82, 45125,
                "0a0b0c0f")).stream().filter(NftTraceEvent::drops).findFirst().orElseThrow();
        assertEquals(List.of("CHECKS", "-A CHECKS -p tcp -m tcp --dport 82 -j REJECT --reject-with"
                + " icmp-port-unreachable"), List.of(reject.chain(), reject.rule()));

        Probe dnat = tcp("10.9.1.1", 8080, 45126, "0a0b0c10");
        List<NftTraceEvent> events = XtablesTraceLines.parse(lines("xtables/dnat.monitor"), dnat);
        LiveEvidence e = new LiveEvidence("xtr", events, List.of(), List.of(), List.of(), null, Tracer.XTABLES);
        // Request and answers, each seen in prerouting: the SYN, then the SYN-ACK, an answer.
        List<NftTraceEvent> seen = e.sightings(dnat.table());
        assertEquals(List.of(true, false), seen.stream().limit(2).map(dnat::request).toList());
        assertEquals(List.of("syn", "syn|ack"), seen.stream().limit(2).map(s -> s.field("tcp flags")).toList());
        assertEquals("tcp 10.9.2.2:80 → 10.9.1.2:45126", seen.get(1).packetText());
        NftTraceEvent rule = events.stream().filter(ev -> ev.table().equals("nat")).filter(ev -> ev.kind().equals(
                "rule")).findFirst().orElseThrow();
        assertEquals("-A PREROUTING -d 10.9.1.1/32 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10.9.2.2:80",
                rule.rule());
        // The branch a VIP's probe took, when conntrack did not list it yet, is the DNAT the trace saw.
        Trace sim = new Trace("a", "b", "tcp", 8080, 60, List.of(new Hop(1, "request", "backend 10.9.2.2:80", "xtr",
                "NAT", "ok", "DNAT to 10.9.2.2:80", "")), Trace.ALLOWED, null, List.of());
        List<String> notes = new java.util.ArrayList<>();
        assertEquals("backend 10.9.2.2:80", LiveMerge.branch(sim, dnat, List.of(e), notes));
        assertEquals(List.of("iptables TRACE: DNAT to 10.9.2.2:80"), notes);

        Probe icmp = new Probe("icmp", "10.9.2.2", null, 0, 84, "0a0b0c11", Set.of(4789));
        List<NftTraceEvent> pings = new LiveEvidence("xtr", XtablesTraceLines.parse(lines("xtables/icmp.monitor"),
                icmp), List.of(), List.of(), List.of(), null, Tracer.XTABLES).sightings(icmp.table());
        assertEquals(List.of("icmp 10.9.1.2 → 10.9.2.2", "icmp 10.9.2.2 → 10.9.1.2"), pings.stream()
                .map(NftTraceEvent::packetText).toList());
        assertEquals(List.of(true, false), pings.stream().map(icmp::request).toList());

        Probe udp = new Probe("udp", "10.9.2.2", 53, 45127, 60, "0a0b0c12", Set.of(4789));
        NftTraceEvent datagram = XtablesTraceLines.parse(lines("xtables/udp.monitor"), udp).get(0);
        assertEquals(List.of("udp 10.9.1.2:45127 → 10.9.2.2:53", "pre"), List.of(datagram.packetText(),
                datagram.chain()));
    }

    @Test
    void aDropTracedByIptablesIsNamedByTheCounterItMoved() throws IOException {
        Probe probe = tcp("10.9.2.2", 81, 45124, "0a0b0c0e");
        String before = Files.readString(GOLDEN.resolve("xtables/fwddrop.before"));
        String after = before.replace("[0:0] -A FORWARD -d 10.9.2.2/32", "[1:60] -A FORWARD -d 10.9.2.2/32");
        LiveEvidence e = new LiveEvidence("xtr", XtablesTraceLines.parse(lines("xtables/fwddrop.monitor"), probe),
                RuleCounters.parse(after).movedSince(RuleCounters.parse(before)), List.of(), List.of(), null,
                Tracer.XTABLES);
        Drop d = LiveMerge.tracedDrop(probe, List.of(e), List.of());
        assertEquals(List.of("xtr", "FILTER", "request"), List.of(d.at(), d.phase(), d.direction()));
        assertEquals("tcp 10.9.1.2:45124 → 10.9.2.2:81: filter FORWARD rule 2: -A FORWARD -d 10.9.2.2/32 -p tcp -m tcp"
                + " --dport 81 -j DROP (iptables TRACE: verdict drop)", d.reason());
    }

    @Test
    void kernelLogLinesOfIptablesLegacyAreReadWithTheirRuleset() throws IOException {
        Probe probe = tcp("10.9.2.2", 81, 45134, "0a0b0c1e");
        RuleCounters rules = RuleCounters.parse(Files.readString(GOLDEN.resolve("legacy/fwddrop.before")));
        List<NftTraceEvent> events = KernelTraceLog.parse(lines("legacy/fwddrop.log"), rules, probe);
        LiveEvidence e = new LiveEvidence("xtr", events, List.of(), List.of(), List.of(), null, Tracer.KERNEL_LOG);
        List<NftTraceEvent> seen = e.sightings(probe.table());
        assertEquals(1, seen.size(), events.toString());
        assertEquals(List.of("pre", "xtr0", "tcp 10.9.1.2:45134 → 10.9.2.2:81"), List.of(seen.get(0).chain(),
                seen.get(0).field("iif"), seen.get(0).packetText()));
        assertEquals(List.of("raw PREROUTING policy accept", "nat PREROUTING policy accept",
                "filter FORWARD rule jump CHECKS", "filter CHECKS verdict continue", "filter FORWARD rule drop"),
                events.stream().filter(ev -> !ev.kind().equals("packet")).map(ev -> ev.table() + " " + ev.chain()
                        + " " + ev.kind() + " " + ev.verdict()).toList());
        NftTraceEvent drop = events.stream().filter(NftTraceEvent::drops).findFirst().orElseThrow();
        assertEquals("-A FORWARD -d 10.9.2.2/32 -p tcp -m tcp --dport 81 -j DROP", drop.rule());
        assertEquals("xtr1", e.packetOf(drop).field("oif"));

        // The reject in the user chain, and an ICMP echo whose answer's raw line the log lost: still its own packet.
        NftTraceEvent reject = KernelTraceLog.parse(lines("legacy/reject.log"), RuleCounters.parse(Files.readString(
                GOLDEN.resolve("legacy/reject.before"))), tcp("10.9.2.2", 82, 45135, "0a0b0c1f")).stream()
                .filter(NftTraceEvent::drops).findFirst().orElseThrow();
        assertEquals(List.of("CHECKS", "reject"), List.of(reject.chain(), reject.verdict()));
        Probe icmp = new Probe("icmp", "10.9.2.2", null, 0, 84, "0a0b0c21", Set.of(4789));
        List<NftTraceEvent> pings = new LiveEvidence("xtr", KernelTraceLog.parse(lines("legacy/icmp.log"),
                RuleCounters.parse(Files.readString(GOLDEN.resolve("legacy/icmp.before"))), icmp), List.of(),
                List.of(), List.of(), null, Tracer.KERNEL_LOG).sightings(icmp.table());
        assertEquals(List.of("icmp 10.9.1.2 → 10.9.2.2", "icmp 10.9.2.2 → 10.9.1.2"), pings.stream()
                .map(NftTraceEvent::packetText).toList());
        assertEquals(List.of("echo-request", "echo-reply"), pings.stream().map(p -> p.field("icmp type")).toList());
    }

    @Test
    void theRawTableTheTraceRulesLeaveIsKnownEmpty() {
        assertTrue(TraceTools.emptyRawTable("# Generated by iptables-save v1.8.9 (nf_tables)\n*raw\n:PREROUTING ACCEPT"
                + " [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n# Completed\n"));
        assertTrue(TraceTools.emptyRawTable(""));
        assertFalse(
                TraceTools.emptyRawTable("*raw\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -j CT --notrack\nCOMMIT\n"));
        assertFalse(TraceTools.emptyRawTable("*raw\n:PREROUTING DROP [0:0]\nCOMMIT\n"));
        assertFalse(TraceTools.emptyRawTable("*raw\n:PREROUTING ACCEPT [0:0]\n:MINE - [0:0]\nCOMMIT\n"));
    }

    @Test
    void aRuleTargetIsItsVerdict() {
        assertEquals("drop", KernelTraceLog.verdict("-A FORWARD -d 10.0.0.129/32 -j DROP"));
        assertEquals("reject", KernelTraceLog.verdict("-A INPUT -p tcp -j REJECT --reject-with tcp-reset"));
        assertEquals("jump NETSHELL-SERVICES", KernelTraceLog.verdict("-A PREROUTING -j NETSHELL-SERVICES"));
        assertEquals("goto KUBE-SEP-1", KernelTraceLog.verdict("-A KUBE-SVC-1 -g KUBE-SEP-1"));
        assertEquals("accept", KernelTraceLog.verdict("-A NETSHELL-VIP -p tcp -j DNAT --to-destination 10.0.0.129:80"));
        assertEquals("continue", KernelTraceLog.verdict("-A FORWARD -j LOG --log-prefix \"x -j DROP\""));
        assertEquals("continue", KernelTraceLog.verdict("-A FORWARD -m comment --comment counted"));
        assertEquals("return", KernelTraceLog.verdict("-A CHECKS -j RETURN"));
    }

    @Test
    void eachNodeGetsTheBestTracerItHasAndSaysWhyWhenItIsNotNft() throws IOException {
        TraceTools nft = TraceTools.parse(Files.readString(GOLDEN.resolve("tools/nft-namespace.out")));
        assertEquals(Tracer.NFT, nft.tracer());
        assertNull(nft.why());

        TraceTools xt = TraceTools.parse(Files.readString(GOLDEN.resolve("tools/iptables-nft-namespace.out")));
        assertEquals(List.of(Tracer.XTABLES, "nf_tables"), List.of(xt.tracer(), xt.iptables()));
        assertEquals("no nft: iptables TRACE rules in raw, read with xtables-monitor --trace", xt.why());
        TraceTools noStdbuf = TraceTools.parse(Files.readString(GOLDEN.resolve("tools/iptables-nft-namespace.out"))
                .replace("/usr/bin/stdbuf\n", ""));
        assertEquals(Tracer.NONE, noStdbuf.tracer());
        assertTrue(noStdbuf.why().contains("stdbuf"), noStdbuf.why());

        TraceTools legacyNs = TraceTools.parse(Files.readString(GOLDEN.resolve("tools/legacy-namespace.out")));
        assertEquals(List.of(Tracer.NONE, "legacy", false), List.of(legacyNs.tracer(), legacyNs.iptables(),
                legacyNs.initialNamespace()));
        assertEquals("iptables-legacy: the kernel logs TRACE only from the initial network namespace"
                + " (net.netfilter.nf_log_all_netns, a host-wide setting netshell leaves alone), and this node is"
                + " another one: no rule is traced here; its counters, conntrack and capture still are",
                legacyNs.why());

        TraceTools legacyHost = TraceTools.parse(Files.readString(GOLDEN.resolve("tools/legacy-host.out")));
        assertEquals(List.of(Tracer.KERNEL_LOG, true, true), List.of(legacyHost.tracer(),
                legacyHost.initialNamespace(), legacyHost.dmesgFollowNew()));
        TraceTools oldDmesg = TraceTools.parse(Files.readString(GOLDEN.resolve("tools/legacy-host.out")).replace(
                "2.38.1", "2.33.1"));
        assertFalse(oldDmesg.dmesgFollowNew());
        TraceTools noLogger = TraceTools.parse(Files.readString(GOLDEN.resolve("tools/legacy-host.out")).replace(
                "nf_log/2:nf_log_ipv4", "nf_log/2:NONE"));
        assertEquals(Tracer.NONE, noLogger.tracer());
        assertTrue(noLogger.why().contains("net.netfilter.nf_log.2 is NONE"), noLogger.why());
        assertEquals(Tracer.NONE, TraceTools.parse("").tracer());
        assertEquals("neither nft nor iptables: no rule is traced here; its counters, conntrack and capture still are",
                TraceTools.parse("").why());
    }
}
