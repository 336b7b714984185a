package netshell.runtime.docker.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import netshell.core.BadInput;

class DockerContainersTest {
    @Test
    void parsesInspectLines() {
        String out = "/web1|running|10.0.0.66 \n/web2|exited|\n\n/db|running|172.17.0.2 10.0.0.67 \n";
        assertEquals(List.of(
                new DockerContainers.Container("web1", "running", "10.0.0.66"),
                new DockerContainers.Container("web2", "exited", null),
                new DockerContainers.Container("db", "running", "172.17.0.2")), DockerContainers.parse(out));
        assertEquals(List.of(), DockerContainers.parse(""));
    }

    @Test
    void parsesTheIpv6AddressOfADualStackNetwork() {
        // docker inspect --format FORMAT on a lab engine (lab up --docker --ipv6): web1 on the dual-stack overlay,
        // plain on docker0 (IPv4 only, an empty GlobalIPv6Address).
        String out = "/web1|running|10.0.0.65 |fd00:10::41 \n/plain|running|172.31.1.2 | \n";
        assertEquals(List.of(new DockerContainers.Container("web1", "running", "10.0.0.65", "fd00:10::41"),
                new DockerContainers.Container("plain", "running", "172.31.1.2", null)),
                DockerContainers.parse(out));
        assertEquals(Optional.of(new DockerContainers.Named(
                new DockerContainers.Container("web1", "running", "10.0.0.65", "fd00:10::41"), true)),
                DockerContainers.parseNamed("/web1|running|10.0.0.65 |fd00:10::41 |netshell \n"));
        assertTrue(
                DockerContainers.FORMAT.endsWith("|{{range .NetworkSettings.Networks}}{{.GlobalIPv6Address}} {{end}}"));
    }

    @Test
    void argvAsked() {
        assertEquals(List.of("docker", "ps", "-aq", "--filter", "label=netshell"), DockerContainers.listArgv());
        assertEquals(List.of("docker", "inspect", "--format", DockerContainers.FORMAT, "a1", "b2"),
                DockerContainers.inspectArgv(List.of("a1", "b2")));
    }

    @Test
    void aNamedContainerIsOursOnlyWithTheNetshellLabel() {
        // Lines as docker inspect --format NAMED_FORMAT printed them for a lab engine's containers.
        assertEquals(Optional.of(new DockerContainers.Named(
                new DockerContainers.Container("foreign", "running", "172.31.1.2"), false)),
                DockerContainers.parseNamed("/foreign|running|172.31.1.2 |other \n"));
        assertEquals(Optional.of(new DockerContainers.Named(
                new DockerContainers.Container("ours", "running", null), true)),
                DockerContainers.parseNamed("/ours|running| |netshell \n"));
        assertEquals(Optional.of(new DockerContainers.Named(
                new DockerContainers.Container("bare", "exited", null), false)),
                DockerContainers.parseNamed("/bare|exited||\n"));
        assertEquals(Optional.empty(), DockerContainers.parseNamed(""));
        assertEquals(List.of("docker", "inspect", "--type", "container", "--format", DockerContainers.NAMED_FORMAT,
                "web1"), DockerContainers.inspectNamedArgv("web1"));
    }

    /** What docker inspect prints is data: a name or address that Docker would never give is refused in one line. */
    @Test
    void namesAndAddressesThatDockerNeverGivesAreRefused() {
        BadInput e = assertThrows(BadInput.class,
                () -> DockerContainers.parse("/web2|running|-oProxyCommand=touch${IFS}/tmp/x |\n"));
        assertEquals("container web2 reports the address '-oProxyCommand=touch${IFS}/tmp/x', which is not an IP "
                + "address; refused", e.getMessage());
        for (String bad : new String[]{"10.0.0.1/24", "010.0.0.1", "10.0.0", "web1.example", "fe80::1%eth0",
                "::ffff:10.0.0.1/96", "1.2.3.4.5", "0x0a000001"}) {
            assertThrows(BadInput.class, () -> DockerContainers.parse("/web2|running|" + bad + " |\n"), bad);
        }
        assertThrows(BadInput.class, () -> DockerContainers.parse("/web2|running|10.0.0.65 |-x |\n"));
        e = assertThrows(BadInput.class, () -> DockerContainers.parse("/-web\u001b[2J|running|10.0.0.65 |\n"));
        assertEquals("docker reports a container named '-web\\x1b[2J', which is not a container name; refused",
                e.getMessage());
        assertEquals(List.of(new DockerContainers.Container("web2", "running", "10.0.0.65", "fd00:10::41")),
                DockerContainers.parse("/web2|running|10.0.0.65 |FD00:10:0::41 |\n"), "IPv6 in canonical text");
    }
}
