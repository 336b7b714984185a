package netshell.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import netshell.doctor.DoctorReport;
import netshell.testing.NeedsRoot;

/** Each catalogue fault planted on a healthy lab: doctor names exactly it; fault clear makes doctor clean again. */
@NeedsRoot
class FaultLabTest {
    static FaultLab lab;

    @BeforeAll
    static void up() { lab = new FaultLab("nsflt"); }

    @AfterAll
    static void down() { if (lab != null) lab.close(); }

    @Test
    void healthyLabHasNoFinding() throws Exception {
        DoctorReport r = lab.doctor();
        System.out.println(r.text());
        assertEquals(Set.of(), FaultLab.failing(r), r.text());
        assertEquals(Set.of(), FaultLab.warning(r), r.text());
    }
}
