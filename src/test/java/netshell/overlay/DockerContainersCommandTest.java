package netshell.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import netshell.node.DryRunNode;
import netshell.runtime.docker.plan.DockerContainers;
import netshell.testing.TestShell;

/** On a node with a Docker engine, container ls/rm/exec work on the Docker containers netshell started. */
class DockerContainersCommandTest {
    @Test
    void lsRmAndExecUseDocker() throws Exception {
        List<DryRunNode> n = OverlayCommandsTest.nodes(2);
        DryRunNode docker = n.get(0);
        docker.reply(List.of("docker", "info"), "24.0.7\n");
        docker.reply(DockerContainers.listArgv(), "a1\nb2\n");
        docker.reply(DockerContainers.inspectArgv(List.of("a1", "b2")), "/web1|running|10.0.0.65 \n/web3|exited|\n");
        try (TestShell sh = OverlayCommandsTest.shell(n)) {
            @SuppressWarnings("unchecked")
            List<ContainerCommands.ContainerRow> rows = (List<ContainerCommands.ContainerRow>) sh
                    .invoke("container ls");
            assertEquals(List.of(new ContainerCommands.ContainerRow("node1", "web1", "docker", "10.0.0.65", "running"),
                    new ContainerCommands.ContainerRow("node1", "web3", "docker", null, "exited")), rows);

            docker.clearRecorded();
            TestShell.Run rm = sh.run("container rm web1");
            assertEquals(0, rm.status(), rm.err());
            assertTrue(OverlayCommandsTest.changes(docker).contains("docker rm -f web1"), docker.recorded().toString());

            docker.clearRecorded();
            TestShell.Run exec = sh.run("container exec web1 ping -c 1 10.0.0.129");
            assertEquals(0, exec.status(), exec.err());
            assertTrue(OverlayCommandsTest.changes(docker).contains("docker exec web1 ping -c 1 10.0.0.129"),
                    docker.recorded().toString());
            assertTrue(OverlayCommandsTest.changes(n.get(1)).isEmpty(), "node2 has no Docker and no such container");
        }
    }

    /** ADDRESS6 from docker inspect's GlobalIPv6Address on a dual-stack network; IPv4-only ls keeps 0.1's columns. */
    @Test
    void lsShowsIpv6AddressesOfDualStackContainersOnly() {
        for (boolean dual : List.of(true, false)) {
            List<DryRunNode> n = OverlayCommandsTest.nodes(1);
            DryRunNode docker = n.get(0);
            docker.reply(List.of("docker", "info"), "20.10.24\n");
            docker.reply(DockerContainers.listArgv(), "a1\nb2\n");
            docker.reply(DockerContainers.inspectArgv(List.of("a1", "b2")), dual
                    ? "/web1|running|10.0.0.65 |fd00:10::41 \n/web3|exited||\n"
                    : "/web1|running|10.0.0.65 | \n/web3|exited||\n");
            try (TestShell sh = OverlayCommandsTest.shell(n)) {
                String ls = sh.run("container ls").out();
                if (dual) {
                    assertTrue(ls.matches("(?s)NODE +NAME +NAMESPACE +ADDRESS +ADDRESS6 +STATE\n"
                            + "node1 +web1 +docker +10\\.0\\.0\\.65 +fd00:10::41 +running\n"
                            + "node1 +web3 +docker +- +- +exited\\s*"), ls);
                } else {
                    assertTrue(ls.matches("(?s)NODE +NAME +NAMESPACE +ADDRESS +STATE\n"
                            + "node1 +web1 +docker +10\\.0\\.0\\.65 +running\n"
                            + "node1 +web3 +docker +- +exited\\s*"), ls);
                }
            }
        }
    }
}
