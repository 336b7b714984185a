package netshell.doctor.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import netshell.lb.rules.Endpoint;
import netshell.lb.rules.IptablesRules;
import netshell.lb.rules.ServiceSpec;

/** doctor's load-balancer checks over ip6tables-save: an IPv6 VIP is checked like an IPv4 one, fixes in ip6tables. */
class Ipv6LbDoctorTest {
    static final ServiceSpec WEB6 = new ServiceSpec(new Endpoint("fd00:56::100", 80), "tcp",
            List.of(new Endpoint("fd00:10::41", 80), new Endpoint("fd00:10::81", 80)));

    static NodeFacts node(String ip6Save, Map<String, Boolean> backends) {
        NodeFacts plain = DoctorTest.healthy().get(1); // an overlay node with no IPv4 service
        var ip6 = new NodeFacts.Ip6Facts("1", List.of(), List.of(), true, ip6Save);
        return new NodeFacts(plain.node(), plain.address(), plain.underlay(), plain.tools(), plain.uid(),
                plain.sudo(), plain.ipForward(), plain.state(), plain.iptablesSave(), plain.peerReach(), backends,
                plain.containers(), ip6);
    }

    static List<Finding> v6(NodeFacts f) {
        return Doctor.check(List.of(DoctorTest.healthy().get(0), f)).stream()
                .filter(x -> x.check().endsWith("-v6")).toList();
    }

    @Test
    void healthyIpv6ServicePassesTheLbChecks() {
        String save = DoctorTest.lbSave(IptablesRules.restoreText(List.of(WEB6)));
        List<Finding> all = v6(node(save, Map.of("fd00:10::41", true, "fd00:10::81", true)));
        assertEquals(List.of(), all.stream().filter(f -> f.status() != Status.OK).toList(), all.toString());
        assertTrue(all.stream().anyMatch(f -> f.check().equals("lb-ladder-v6") && f.explanation().contains("50% 50%")),
                all.toString());
        assertTrue(all.stream().anyMatch(f -> f.check().equals("lb-backends-v6")
                && f.explanation().contains("fd00:10::41")), all.toString());
    }

    @Test
    void missingMasqueradeIsFoundWithAnIp6tablesFix() {
        String save = DoctorTest.lbSave(IptablesRules.restoreText(List.of(WEB6)))
                .lines().filter(l -> !l.contains("MASQUERADE")).reduce("", (a, b) -> a + b + "\n");
        List<Finding> failed = v6(node(save, Map.of())).stream().filter(Finding::failed).toList();
        assertEquals(1, failed.size(), failed.toString());
        assertEquals("lb-masquerade-v6", failed.get(0).check());
        assertTrue(failed.get(0).fix().startsWith("ip6tables "), failed.get(0).fix());
        assertTrue(failed.get(0).fix().contains("fd00:56::100"), failed.get(0).fix());
    }

    @Test
    void silentIpv6BackendFails() {
        String save = DoctorTest.lbSave(IptablesRules.restoreText(List.of(WEB6)));
        List<Finding> failed = v6(node(save, Map.of("fd00:10::41", true, "fd00:10::81", false))).stream()
                .filter(Finding::failed).toList();
        assertEquals(1, failed.size(), failed.toString());
        assertEquals("lb-backends-v6", failed.get(0).check());
        assertTrue(failed.get(0).explanation().startsWith("backend fd00:10::81 gave no answer"),
                failed.get(0).explanation());
    }

    @Test
    void noIpv6ServiceNoIpv6Rows() {
        assertEquals(List.of(), v6(node(null, Map.of())));
    }
}
