package netshell.lb.rules;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import netshell.testing.NeedsRoot;

/** Writes our rules into a namespace's kernel and reads them back: what we write is what the kernel holds. */
@NeedsRoot("ip netns, iptables, nft")
class KernelRoundTripTest {

    @Test
    void iptablesRestoreReadBackReconcileAndRemoval() {
        assumeTrue(Namespace.usable("iptables-restore"), "needs iptables");
        try (var ns = new Namespace()) {
            ns.must(null, "iptables", "-w", "-t", "nat", "-A", "PREROUTING", "-p", "tcp", "--dport", "2222",
                    "-m", "comment", "--comment", "ssh to the jump host", "-j", "DNAT", "--to-destination",
                    "10.9.0.5:22");
            ns.must(null, "iptables", "-w", "-A", "FORWARD", "-s", "10.9.0.0/16", "-j", "DROP");
            ns.must(null, "iptables", "-w", "-t", "nat", "-N", "FOREIGN-CHAIN");
            ns.must(null, "iptables", "-w", "-t", "nat", "-A", "FOREIGN-CHAIN", "-j", "RETURN");
            String original = save(ns);

            ServiceSpec three = Golden.service(3);
            install(ns, List.of(three), Set.of());
            String first = save(ns);
            IptablesSave parsed = IptablesSave.parse(first);
            String svc = ChainNames.service(three);
            List<Double> kernel = parsed.ladder(svc), even = ProbabilityLadder.of(3);
            assertEquals(3, kernel.size(), first);
            for (int i = 0; i < 3; i++) assertEquals(even.get(i), kernel.get(i), 1e-6, "rule " + i);
            assertNotEquals(ProbabilityLadder.format(kernel.get(0)), "0.3333333333",
                    "the kernel rounds to 2^-31 steps");
            assertEquals(List.of("10.0.0.2:80", "10.0.0.3:80", "10.0.0.4:8080"), parsed.dnatTargets(svc));
            String written = IptablesRules.restoreText(List.of(three));
            assertTrue(IptablesSave.sameRules(written, ourPartOf(first)),
                    "read back differs from what was written:\n"
                            + String.join("\n", IptablesSave.diff(written, ourPartOf(first))));

            install(ns, List.of(three), parsed.ourChainNames());
            String second = save(ns);
            assertTrue(IptablesSave.sameRules(first, second), String.join("\n", IptablesSave.diff(first, second)));
            assertEquals(1, count(second, "-A PREROUTING -m comment --comment netshell -j NETSHELL-SERVICES"), second);

            ServiceSpec two = Golden.service(2);
            install(ns, List.of(two), IptablesSave.parse(second).ourChainNames());
            IptablesSave reconciled = IptablesSave.parse(save(ns));
            assertEquals(2, reconciled.ladder(svc).size());
            assertEquals(0.5, reconciled.ladder(svc).get(0), 1e-6);
            assertFalse(reconciled.ourChainNames().contains(ChainNames.backend(three, three.backends().get(2))),
                    "stale chain deleted");

            IptablesRules.removalJumpSteps(false).forEach(ns::runGuarded);
            ns.must(IptablesRules.restoreStep(IptablesRules.removalText(reconciled.ourChainNames()), "remove"));
            String after = save(ns);
            assertTrue(IptablesSave.sameRules(original, after), String.join("\n", IptablesSave.diff(original, after)));
            assertEquals(withoutCommentsAndCounters(original), withoutCommentsAndCounters(after),
                    "foreign rules byte-identical");
            assertTrue(IptablesSave.parse(after).ours().isEmpty());

            assertFalse(IptablesRules.removalJumpSteps(false).stream().anyMatch(ns::runGuarded),
                    "nothing left to delete");
            ns.must(IptablesRules.restoreStep(IptablesRules.removalText(Set.of()), "remove again"));
            assertEquals(withoutCommentsAndCounters(original), withoutCommentsAndCounters(save(ns)),
                    "removal is idempotent");
        }
    }

    @Test
    void jumpGoesToDockerUserWhenDockerOwnsForward() {
        assumeTrue(Namespace.usable("iptables-restore"), "needs iptables");
        try (var ns = new Namespace()) {
            ns.must(null, "iptables", "-w", "-N", "DOCKER-USER");
            ns.must(null, "iptables", "-w", "-A", "DOCKER-USER", "-j", "RETURN");
            ns.must(IptablesRules.restoreStep(IptablesRules.restoreText(List.of(Golden.service(1))), "install"));
            IptablesRules.jumpSteps(true).forEach(ns::runGuarded);
            IptablesSave s = IptablesSave.parse(save(ns));
            assertEquals(List.of("NETSHELL-FORWARD", "RETURN"),
                    s.rules("filter", "DOCKER-USER").stream().map(IptablesSave.Rule::target).toList());
            assertTrue(s.rules("filter", "FORWARD").isEmpty());
        }
    }

    @Test
    void nftScriptReplacesOurTableAndLeavesOthersAlone() {
        assumeTrue(Namespace.usable("nft"), "needs nft");
        try (var ns = new Namespace()) {
            ns.must("table inet foreign {\n chain input {\n  type filter hook input priority 0; policy accept;\n"
                    + "  tcp dport 22 accept comment \"keep me\"\n }\n}\n", "nft", "-f", "-");
            String foreign = ns.must(null, "nft", "list", "table", "inet", "foreign");

            ns.must(NftRules.applyStep(NftRules.scriptFor(List.of(Golden.service(3))), "first"));
            String first = ns.must(null, "nft", "list", "table", "ip", "netshell");
            assertTrue(first.contains("numgen random mod 3 vmap { 0 : jump sep-"), first);
            assertTrue(first.contains("elements = { 192.168.10.10 . tcp . 80 : jump svc-"), first);
            assertTrue(first.contains("ct status dnat ct original ip daddr @vip_addrs masquerade"), first);

            ns.must(NftRules.applyStep(NftRules.scriptFor(List.of(Golden.service(3))), "again"));
            assertEquals(first, ns.must(null, "nft", "list", "table", "ip", "netshell"),
                    "applying twice changes nothing");

            ns.must(NftRules.applyStep(NftRules.scriptFor(List.of(Golden.service(1))), "one backend"));
            assertTrue(ns.must(null, "nft", "list", "table", "ip", "netshell")
                    .contains("meta l4proto tcp counter packets 0 bytes 0 dnat to 10.0.0.2:80"),
                    "nft prints a plain dnat without the family");

            ns.must(NftRules.applyStep(NftRules.deleteScript(), "delete"));
            assertNotEquals(0, ns.run(null, "nft", "list", "table", "ip", "netshell").exit(), "table gone");
            ns.must(NftRules.applyStep(NftRules.deleteScript(), "delete again"));
            assertEquals(foreign, ns.must(null, "nft", "list", "table", "inet", "foreign"));
        }
    }

    @Test
    void aJumpCheckReadOffTheSaveAgreesWithIptablesC() {
        assumeTrue(Namespace.usable("iptables-restore"), "needs root and iptables");
        try (var ns = new Namespace()) {
            ns.must(null, "iptables", "-w", "-N", "DOCKER-USER");
            // Look-alikes -C must not take for ours: another comment, an extra match, another chain.
            ns.must(null, "iptables", "-w", "-t", "nat", "-A", "PREROUTING", "-m", "comment", "--comment", "netshell x",
                    "-j", "RETURN");
            ns.must(null, "iptables", "-w", "-t", "nat", "-A", "OUTPUT", "-p", "tcp", "-m", "comment", "--comment",
                    "netshell", "-j", "RETURN");
            ns.must(IptablesRules.restoreStep(IptablesRules.restoreText(List.of(Golden.service(2))), "install"));
            for (boolean installed : List.of(false, true)) {
                if (installed) IptablesRules.jumpSteps(true).forEach(ns::runGuarded);
                IptablesSave saved = IptablesSave.parse(save(ns));
                for (boolean dockerUser : List.of(false, true)) {
                    for (GuardedStep g : IptablesRules.jumpSteps(dockerUser)) {
                        boolean kernel = ns.run(g.check().argv(), null).exit() == 0;
                        assertEquals(kernel, IptablesRules.holds(saved, g.check()), g.check().why());
                        assertEquals(installed && (dockerUser || !g.check().argv().contains("FORWARD")), kernel,
                                g.check().why());
                    }
                }
            }
        }
    }

    private static void install(Namespace ns, List<ServiceSpec> services, Set<String> existing) {
        ns.must(IptablesRules.restoreStep(IptablesRules.restoreText(services, existing), "install"));
        IptablesRules.jumpSteps(false).forEach(ns::runGuarded);
    }

    private static String save(Namespace ns) { return ns.must(null, "iptables-save"); }

    /** Our chains and the rules in them, as a save text, to compare with what we wrote. */
    private static String ourPartOf(String save) {
        IptablesSave s = IptablesSave.parse(save);
        var out = new StringBuilder();
        for (String table : List.of("nat", "filter")) {
            out.append('*').append(table).append('\n');
            s.ourChains().stream().filter(c -> c.table().equals(table))
                    .forEach(c -> out.append(c.canonical()).append('\n'));
            s.rules().stream().filter(r -> r.table().equals(table) && ChainNames.isOurs(r.chain()))
                    .forEach(r -> out.append(r.canonical()).append('\n'));
            out.append("COMMIT\n");
        }
        return out.toString();
    }

    private static long count(String text, String line) {
        return text.lines().filter(line::equals).count();
    }

    private static String withoutCommentsAndCounters(String save) {
        return Arrays.stream(save.split("\n")).filter(l -> !l.startsWith("#"))
                .map(l -> l.replaceAll("\\[\\d+:\\d+\\]", "[0:0]")).collect(Collectors.joining("\n"));
    }
}
