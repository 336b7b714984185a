package netshell.lb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import netshell.lb.rules.InstalledServices;
import netshell.lb.rules.IptablesSave;
import netshell.node.DryRunNode;
import netshell.shell.Renderer;

/** Shares read back from the kernel (a fraction of 2^31) reach --json with 4 decimals and the text with 1. */
class LbReportRoundingTest {

    static String golden(String name) throws IOException {
        try (InputStream in = InstalledServices.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void kernelThirdsAreRounded() throws IOException {
        var services = InstalledServices.fromIptables(IptablesSave.parse(golden("save-c-3-backends.txt")));
        double raw = services.get(0).backends().get(0).share();
        assertTrue(Double.toString(raw).length() > 8, "the kernel's ladder is not a round third: " + raw);
        var state = new LbNodeState(new DryRunNode("node1"), services, List.of(), Map.of(), false);
        LbReport report = LbReport.of(List.of(state));
        String json = Renderer.json(report);
        assertTrue(json.contains("\"share\": 0.3333,"), json);
        assertTrue(json.contains("\"seen\": 0.4667\n"), json); // 7 of 15 packets
        assertFalse(json.contains("33333"), json);
        assertTrue(report.text().contains(" 33.3%"), report.text());
        assertTrue(report.text().contains(" 46.7%"), report.text());
    }

    @Test
    void testFractionsAreRounded() {
        var r = LbTestReport.of("192.168.10.10:80", "node1", List.of("web1", "web2", "web2"), 2);
        assertEquals(List.of(0.3333, 0.6667), r.rows().stream().map(LbTestReport.Row::fraction).toList());
        assertTrue(r.text().contains(" 66.7%"), r.text());
    }
}
