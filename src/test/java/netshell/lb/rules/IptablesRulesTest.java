package netshell.lb.rules;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import netshell.core.BadInput;

class IptablesRulesTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void restoreTextMatchesGolden(int backends) {
        assertEquals(Golden.read("restore-" + backends + "-backends.rules"),
                IptablesRules.restoreText(List.of(Golden.service(backends))));
    }

    @Test
    void restoreTextParsesBackToTheEvenLadder() {
        String text = IptablesRules.restoreText(List.of(Golden.service(3)));
        IptablesSave parsed = IptablesSave.parse(text);
        String svc = ChainNames.service(Golden.service(3));
        List<Double> written = parsed.ladder(svc), even = ProbabilityLadder.of(3);
        assertEquals(3, written.size());
        for (int i = 0; i < 3; i++) assertEquals(even.get(i), written.get(i), 1e-10, "rule " + i);
        assertEquals(List.of("10.0.0.2:80", "10.0.0.3:80", "10.0.0.4:8080"), parsed.dnatTargets(svc));
        assertTrue(parsed.foreign().isEmpty(), "every rule is tagged: " + parsed.foreign());
    }

    @Test
    void chainNamesAreStableShortAndDistinct() {
        ServiceSpec tcp = Golden.service(2);
        ServiceSpec udp = new ServiceSpec(Golden.VIP, "udp", tcp.backends());
        assertEquals("NETSHELL-SVC-6517B93B2DC1", ChainNames.service(tcp));
        assertNotEquals(ChainNames.service(tcp), ChainNames.service(udp));
        assertNotEquals(ChainNames.backend(tcp, tcp.backends().get(0)), ChainNames.backend(udp, tcp.backends().get(0)));
        for (String name : List.of(ChainNames.service(tcp), ChainNames.backend(tcp, tcp.backends().get(1)),
                ChainNames.SERVICES, ChainNames.POSTROUTING, ChainNames.FORWARD)) {
            assertTrue(name.length() <= ChainNames.MAX_LENGTH, name);
            assertTrue(name.matches("NETSHELL-[A-Z0-9-]+"), name);
        }
    }

    @Test
    void sameServicesInAnyOrderGiveTheSameText() {
        ServiceSpec a = Golden.service(2);
        ServiceSpec b = new ServiceSpec(Endpoint.parse("192.168.10.9:443"), "tcp",
                List.of(Endpoint.parse("10.0.0.9:443")));
        assertEquals(IptablesRules.restoreText(List.of(a, b)), IptablesRules.restoreText(List.of(b, a)));
        String text = IptablesRules.restoreText(List.of(a, b));
        assertTrue(text.indexOf("192.168.10.9/32") < text.indexOf("192.168.10.10/32"), "numeric, not string, order");
    }

    @Test
    void rejectsTheSameServiceTwice() {
        assertThrows(BadInput.class, () -> IptablesRules.restoreText(List.of(Golden.service(1), Golden.service(2))));
    }

    @Test
    void staleServiceChainsAreFlushedAndDeletedInTheSameCommit() {
        ServiceSpec three = Golden.service(3);
        Set<String> existing = IptablesSave.parse(IptablesRules.restoreText(List.of(three))).ourChainNames();
        String gone = ChainNames.backend(three, three.backends().get(2));
        String text = IptablesRules.restoreText(List.of(Golden.service(2)), existing);
        assertTrue(text.contains(":" + gone + " - [0:0]\n"), text);
        assertTrue(text.contains("\n-X " + gone + "\nCOMMIT\n*filter"), text);
        assertEquals(1, text.split("\n-X ", -1).length - 1, "only the one stale chain is deleted: " + text);
        assertFalse(text.contains("-X " + ChainNames.SERVICES));
    }

    @Test
    void noServicesLeavesEmptyChainsAndDeletesAllServiceChains() {
        Set<String> existing = Set.of("NETSHELL-SVC-AAAA", "NETSHELL-SEP-BBBB", "NETSHELL-SERVICES", "OTHER-CHAIN");
        assertEquals("""
                *nat
                :NETSHELL-SERVICES - [0:0]
                :NETSHELL-POSTROUTING - [0:0]
                :NETSHELL-SEP-BBBB - [0:0]
                :NETSHELL-SVC-AAAA - [0:0]
                -X NETSHELL-SEP-BBBB
                -X NETSHELL-SVC-AAAA
                COMMIT
                *filter
                :NETSHELL-FORWARD - [0:0]
                COMMIT
                """, IptablesRules.restoreText(List.of(), existing));
    }

    @Test
    void removalTextDeletesOnlyOurChains() {
        Set<String> existing = Set.of("NETSHELL-SVC-AAAA", "NETSHELL-SEP-BBBB", "KUBE-SERVICES");
        assertEquals("""
                *nat
                :NETSHELL-SERVICES - [0:0]
                :NETSHELL-POSTROUTING - [0:0]
                :NETSHELL-SEP-BBBB - [0:0]
                :NETSHELL-SVC-AAAA - [0:0]
                -X NETSHELL-SERVICES
                -X NETSHELL-POSTROUTING
                -X NETSHELL-SEP-BBBB
                -X NETSHELL-SVC-AAAA
                COMMIT
                *filter
                :NETSHELL-FORWARD - [0:0]
                -X NETSHELL-FORWARD
                COMMIT
                """, IptablesRules.removalText(existing));
    }

    @Test
    void jumpsAreCheckedBeforeInsert() {
        List<GuardedStep> steps = IptablesRules.jumpSteps(false);
        assertEquals(4, steps.size());
        assertEquals(
                List.of("iptables", "-w", "-t", "nat", "-C", "PREROUTING", "-m", "comment", "--comment", "netshell",
                        "-j", "NETSHELL-SERVICES"),
                steps.get(0).check().argv());
        assertEquals(
                List.of("iptables", "-w", "-t", "nat", "-I", "PREROUTING", "-m", "comment", "--comment", "netshell",
                        "-j", "NETSHELL-SERVICES"),
                steps.get(0).apply().argv());
        assertEquals(List.of("OUTPUT", "POSTROUTING", "FORWARD"),
                steps.subList(1, 4).stream().map(s -> s.apply().argv().get(5)).toList());
        assertEquals(List.of("NETSHELL-SERVICES", "NETSHELL-POSTROUTING", "NETSHELL-FORWARD"),
                steps.subList(1, 4).stream().map(s -> s.apply().argv().get(11)).toList());
        assertEquals("filter", steps.get(3).apply().argv().get(3));
        assertTrue(steps.get(0).shouldApply(1), "insert when -C fails");
        assertFalse(steps.get(0).shouldApply(0), "skip when -C finds it");
    }

    @Test
    void dockerUserReplacesForwardWhenDockerOwnsIt() {
        GuardedStep filter = IptablesRules.jumpSteps(true).get(3);
        assertEquals("DOCKER-USER", filter.check().argv().get(5));
        assertEquals("DOCKER-USER", filter.apply().argv().get(5));
    }

    @Test
    void removalDeletesTheSameJumpOnlyWhenPresent() {
        List<GuardedStep> insert = IptablesRules.jumpSteps(true), remove = IptablesRules.removalJumpSteps(true);
        for (int i = 0; i < insert.size(); i++) {
            assertEquals(insert.get(i).check(), remove.get(i).check());
            List<String> ins = insert.get(i).apply().argv(), del = remove.get(i).apply().argv();
            assertEquals("-I", ins.get(4));
            assertEquals("-D", del.get(4));
            assertEquals(ins.subList(5, ins.size()), del.subList(5, del.size()), "same spec");
            assertTrue(remove.get(i).shouldApply(0));
            assertFalse(remove.get(i).shouldApply(1));
        }
    }

    @Test
    void restoreStepFeedsTextWithoutFlushingOthers() {
        var step = IptablesRules.restoreStep("*nat\nCOMMIT\n", "why");
        assertEquals(List.of("iptables-restore", "-w", "--noflush"), step.argv());
        assertEquals("*nat\nCOMMIT\n", step.stdin());
    }
}
