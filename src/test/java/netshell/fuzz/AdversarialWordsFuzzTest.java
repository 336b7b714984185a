package netshell.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import netshell.addr.math.AddressUse;
import netshell.core.BadInput;
import netshell.core.Printable;
import netshell.core.Step;
import netshell.core.StepBatch;
import netshell.kernel.Addresses;
import netshell.kernel.IfAddress;
import netshell.kernel.IpText;
import netshell.lb.rules.Endpoint;
import netshell.lb.rules.InstalledService;
import netshell.lb.rules.InstalledServices;
import netshell.lb.rules.IptablesRules;
import netshell.lb.rules.IptablesSave;
import netshell.lb.rules.NftRules;
import netshell.lb.rules.ServiceSpec;
import netshell.node.ExecResult;
import netshell.node.LocalNode;
import netshell.node.ShellQuote;
import netshell.overlay.plan.ContainerPlanner;
import netshell.runtime.docker.plan.DockerContainers;
import netshell.overlay.plan.VxlanSpec;
import netshell.remote.plan.NameSubstitution;

/**
 * Adversarial words (names, comments, interface names, addresses as a hostile node would report them) through the
 * writers of every format netshell hands to a node: shell lines, argv, ip/bridge batch lines, iptables-restore and
 * nft files. Each value must stay one token, or be refused with BadInput; nothing else. Seeded, so a failure
 * repeats; the rollback script is fuzzed with the change package.
 */
class AdversarialWordsFuzzTest {
    private static final List<String> NASTY = List.of("eth0;reboot", "a b", "x\ny", "'", "\"", "$(id)", "`id`",
            "-oProxyCommand=touch /tmp/x", "--", "#c", "NETSHELL_SNAPSHOT_EOF", "\u001b[2J", "a\tb", "\\", "*", "a|b",
            ">f", "", " ", "\r", "10.0.0.1 -j ACCEPT", "10.0.0.1\n-A INPUT -j ACCEPT", "fd00::1%eth0",
            "\"netshell:10.0.0.1:80/tcp\"", "}; flush ruleset; {", "\u202egnp", "ä", "a\u0000b", "%h", "~root",
            "0x0a000001", "010.0.0.1", "10.0.0.1/24", "::ffff:1.2.3.4", "-", "-6");
    private static final String ALPHABET = "ab01 .:-/\\'\"$`;|&<>(){}[]*?!#~%=,@\n\t\r\u001b\u202e";

    private final Random random = new Random(23);

    /** The fixed words, then random ones made of the characters a shell, a batch reader or a parser care about. */
    private List<String> words(int randomOnes) {
        List<String> out = new ArrayList<>(NASTY);
        for (int i = 0; i < randomOnes; i++) {
            StringBuilder sb = new StringBuilder();
            int n = 1 + random.nextInt(12);
            for (int j = 0; j < n; j++) sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            out.add(sb.toString());
        }
        return out;
    }

    /** The one writer of shell lines: a real sh sees exactly the words (no NUL: argv cannot carry it). */
    @Test
    void aShellLineCarriesEachWordWhole() {
        List<String> words = words(300).stream().filter(w -> w.indexOf('\0') < 0).toList();
        List<String> argv = new ArrayList<>(List.of("printf", "%s\\0"));
        argv.addAll(words);
        ExecResult r = new LocalNode("local").run("sh", "-c", ShellQuote.join(argv));
        assertEquals(0, r.exit(), r.stderr());
        assertEquals(String.join("\0", words) + "\0", r.stdout());
    }

    /** ip/bridge batch lines: a step is batched only when each of its words reads back as that one word. */
    @Test
    void batchLinesKeepEachWordOneToken() {
        for (String w : words(500)) {
            List<Step> steps = List.of(Step.of("a", "ip", "link", "set", w, "up"), Step.of("b", "ip", "addr", "add",
                    "10.0.0.1/24", "dev", w), Step.of("c", "bridge", "fdb", "append", "00:00:00:00:00:00", "dev", w));
            for (StepBatch.Run run : StepBatch.runs(steps)) {
                if (!run.batched()) {
                    assertTrue(run.steps().get(0).argv().contains(w), "unbatched steps keep their argv");
                    continue;
                }
                List<String> lines = run.stdin().lines().toList();
                assertEquals(run.steps().size(), lines.size(), Printable.escape(w));
                for (int i = 0; i < lines.size(); i++) {
                    List<String> argv = run.steps().get(i).argv();
                    assertEquals(argv.subList(1, argv.size()), List.of(lines.get(i).split(" ", -1)),
                            Printable.escape(w));
                }
            }
        }
    }

    /** Namespace and device names read from a node: one argv word each, or refused. */
    @Test
    void plannersKeepNodeNamesOneWord() {
        List<Step> plain = ContainerPlanner.mtuSteps("ns1", 1450);
        for (String w : words(300)) {
            List<Step> steps = ContainerPlanner.mtuSteps(w, 1450);
            assertEquals(plain.size(), steps.size());
            for (int i = 0; i < steps.size(); i++) {
                List<String> got = steps.get(i).argv();
                List<String> shape = plain.get(i).argv();
                assertEquals(shape.size(), got.size(), Printable.escape(w) + ": " + got);
                for (int j = 0; j < got.size(); j++) {
                    // Every word is the plain plan's word, or the one made from the name (ns1 or its veth).
                    if (!shape.get(j).contains("ns1")) assertEquals(shape.get(j), got.get(j), Printable.escape(w));
                }
            }
            try {
                VxlanSpec spec = new VxlanSpec(w, 100, 4789, null);
                assertEquals(w, spec.name());
                assertTrue(w.matches("[^\\s/:]{1,15}") && w.chars().noneMatch(Character::isISOControl),
                        Printable.escape(w));
            } catch (BadInput expected) {
                // refused in one line: fine
            }
        }
    }

    /** Addresses a node or the operator hands over: parsed into one address, or refused. */
    @Test
    void addressesAreOneAddressOrRefused() {
        for (String w : words(500)) {
            String canonical = IpText.canonical(w);
            if (canonical != null) assertTrue(canonical.matches("[0-9a-f:.]+"), canonical);
            try {
                Endpoint e = Endpoint.parse(w.contains(":") ? "[" + w + "]:80" : w + ":80");
                assertTrue(IpText.isAddress(e.address()), Printable.escape(w) + " → " + e.address());
                if (AddressUse.notAHost(e.address()) == null)
                    assertEquals(e, Endpoint.vip(e.toString()), "a host address is a VIP as it is");
            } catch (BadInput expected) {
                // refused
            }
            String json = "[{\"ifname\":\"eth0\",\"addr_info\":[{\"family\":\"inet\",\"local\":" + jsonString(w)
                    + ",\"prefixlen\":24}]}]";
            for (IfAddress a : Addresses.parse(json)) assertTrue(IpText.isAddress(a.local()), Printable.escape(w));
            try {
                for (DockerContainers.Container c : DockerContainers.parse("/web1|running|" + w + " |" + w + " \n")) {
                    assertTrue(c.address() == null || IpText.isAddress(c.address()), Printable.escape(w));
                    assertTrue(c.address6() == null || IpText.isAddress(c.address6()), Printable.escape(w));
                }
            } catch (BadInput expected) {
                // refused
            }
            try {
                List<String> out = NameSubstitution.apply(List.of("ssh", "web2", "x"), Set.of(),
                        Map.of("node1", "192.168.56.10"), Map.of("web2", w));
                assertTrue(IpText.isAddress(out.get(1)), Printable.escape(w));
            } catch (BadInput expected) {
                // refused
            }
        }
    }

    /**
     * iptables-restore and nft files: comments and chains read back from a node (iptables-save with hostile
     * comments) never carry a word of their own into what netshell writes next; the file netshell writes reads back
     * as the same services.
     */
    @Test
    void restoreAndNftFilesKeepValuesOneToken() {
        for (String w : words(300)) {
            String comment = w.replace("\"", "\\\"").replace("\n", " ");
            String save = "*nat\n:NETSHELL-SERVICES - [0:0]\n:NETSHELL-SVC-AAAA - [0:0]\n"
                    + "-A NETSHELL-SERVICES -d 10.0.0.100/32 -p tcp -m comment --comment \"netshell:" + comment
                    + "\" -m tcp --dport 80 -j NETSHELL-SVC-AAAA\nCOMMIT\n";
            List<ServiceSpec> specs = new ArrayList<>();
            try {
                for (InstalledService s : InstalledServices.fromIptables(IptablesSave.parse(save))) specs.add(s.spec());
            } catch (IllegalArgumentException expected) {
                continue; // text iptables-save would never print (an unclosed quote): refused, BadInput included
            }
            specs.add(new ServiceSpec(Endpoint.parse("10.0.0.200:80"), "tcp", List.of(Endpoint.parse("10.0.0.65:80"))));
            String restore = IptablesRules.restoreText(specs);
            String nft = NftRules.scriptFor(specs);
            if (w.length() > 3 && !w.isBlank() && !IpText.isAddress(w.strip())) {
                assertFalse(restore.contains(w), "restore file carries " + Printable.escape(w) + ":\n" + restore);
                assertFalse(nft.contains(w), "nft file carries " + Printable.escape(w) + ":\n" + nft);
            }
            assertFalse(Printable.hasControl(restore.replace("\n", "")), restore);
            assertFalse(Printable.hasControl(nft.replace("\n", "").replace("\t", "")), nft);
            Map<String, ServiceSpec> back = new HashMap<>();
            for (InstalledService s : InstalledServices.fromIptables(IptablesSave.parse(restore)))
                back.put(s.key(), s.spec());
            for (ServiceSpec s : specs) assertEquals(s, back.get(s.key()), "read back: " + s.key());
        }
    }

    private static String jsonString(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
            else
                sb.append(c);
        }
        return sb.append('"').toString();
    }
}
