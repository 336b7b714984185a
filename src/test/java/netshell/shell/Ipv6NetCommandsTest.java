package netshell.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import groovy.json.JsonSlurper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import netshell.app.Commands;
import netshell.command.Session;

/** `net` with IPv6 input, in-process: what reaches stdout and stderr, and the exit status. */
class Ipv6NetCommandsTest {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(String line) {
        Executor e = new Executor(new Invoker(Commands.plugIn(new Session(Commands.registry()))),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Style.PLAIN, false);
        return e.execute(line);
    }

    String out() { return out.toString(StandardCharsets.UTF_8); }
    String err() { return err.toString(StandardCharsets.UTF_8); }

    @Test
    void infoAnswersForIpv6() {
        assertEquals(0, run("net info 2001:DB8:0:0:1:0:0:1/64"));
        assertTrue(out().contains("address: 2001:db8::1:0:0:1\n"), out());
        assertTrue(out().contains("total:   18446744073709551616\n"), out());
        assertTrue(out().contains("note:    documentation (RFC 3849 2001:db8::/32)"), out());
    }

    @Test
    void aSlash48InSlash64sPrintsHeadAndTail() {
        assertEquals(0, run("net split 2001:db8::/48 --prefix 64"));
        List<String> lines = out().lines().toList();
        assertEquals(2 + 2 * 4 + 1, lines.size(), out());
        assertTrue(lines.get(5).contains("… 65528 more /64 …"), out());
        assertTrue(lines.get(9).startsWith("65535  2001:db8:0:ffff::/64"), out());
    }

    @Test
    void allListsEveryPart() {
        assertEquals(0, run("net split 2001:db8::/48 --prefix 64 --all --json"));
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) new JsonSlurper().parseText(out());
        assertEquals(65536, ((List<?>) data.get("parts")).size());
        assertEquals(0, ((Number) data.get("omitted")).intValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"net info fe80::1%eth0/64", "net info 2001:db8::/129",
            "net overlap 10.0.0.0/8 2001:db8::/32",
            "net contains 2001:db8::/64 10.0.0.1", "net split 2001:db8::/48 --prefix 129"})
    void badInputIsOneLineAndExitTwo(String line) {
        assertEquals(2, run(line), err());
        assertEquals(1, err().strip().lines().count(), err());
        assertEquals("", out());
    }
}
