package netshell.overlay.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

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
}
