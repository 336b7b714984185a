package netshell.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import netshell.command.Mark;
import netshell.doctor.checks.Finding;

/** Doctor's findings as marks on the topology: warnings and failures on their node, with the fix; OK ones none. */
class DoctorMarksTest {
    @Test
    void eachWarningAndFailureMarksItsNode() {
        DoctorReport r = new DoctorReport(List.of(Finding.ok("ip_forward", "node1", "net.ipv4.ip_forward is 1"),
                Finding.warn("mtu", "node2", "the MTU is 1500", "ip link set vxlan0 mtu 1450"),
                Finding.fail("ip_forward", "node3", "net.ipv4.ip_forward is 0", "sysctl -w net.ipv4.ip_forward=1")));
        assertEquals("doctor", r.markSource());
        assertEquals(List.of(
                new Mark(Mark.FINDING, "node2", null, true,
                        "WARN mtu: the MTU is 1500\nfix: ip link set vxlan0 mtu 1450"),
                new Mark(Mark.FINDING, "node3", null, false,
                        "FAIL ip_forward: net.ipv4.ip_forward is 0\nfix: sysctl -w net.ipv4.ip_forward=1")),
                r.marks());
    }
}
