package netshell.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import netshell.node.DryRunNode;
import netshell.runtime.docker.plan.DockerContainers;
import netshell.testing.TestShell;

/**
 * On Docker nodes, pingall and names as addresses find the Docker containers netshell started, and probe from the
 * container's network namespace with the node's own ping (nsenter on the container's process), never docker exec:
 * the official images have no ping.
 */
class DockerReachTest {
    static DryRunNode dockerNode(DryRunNode n, String name, String address, String pid) {
        n.reply(List.of("docker", "info"), "24.0.7\n");
        n.reply(DockerContainers.listArgv(), "id" + pid + "\n");
        n.reply(DockerContainers.inspectArgv(List.of("id" + pid)), "/" + name + "|running|" + address + " \n");
        n.reply(List.of("docker", "ps", "--filter", "label=netshell", "--format"), name + "\n");
        n.reply(List.of("docker", "inspect", "--format", "{{.State.Pid}}", name), pid + "\n");
        return n;
    }

    @Test
    void pingallEntersDockerContainersWithNsenter() throws Exception {
        List<DryRunNode> n = OverlayCommandsTest.nodes(2);
        dockerNode(n.get(0), "web1", "10.0.0.65", "4242")
                .reply(List.of("nsenter", "-t", "4242", "-n", "ping"), "64 bytes from 10.0.0.129: time=0.31 ms\n");
        dockerNode(n.get(1), "web2", "10.0.0.129", "4343")
                .reply(List.of("nsenter", "-t", "4343", "-n", "ping"), "64 bytes from 10.0.0.65: time=0.29 ms\n");
        try (TestShell sh = OverlayCommandsTest.shell(n)) {
            TestShell.Run r = sh.run("pingall --overlay");
            assertEquals(0, r.status(), r.out() + r.err());
            assertTrue(r.out().contains("web1          ·       ✓ 0.31"), r.out());
            assertTrue(r.out().strip().endsWith("2/2 reachable"), r.out());
            List<String> from1 = OverlayCommandsTest.changes(n.get(0));
            List<String> from2 = OverlayCommandsTest.changes(n.get(1));
            assertTrue(from1.contains("nsenter -t 4242 -n ping -n -c 1 -W 1 10.0.0.129"), from1.toString());
            assertTrue(from2.contains("nsenter -t 4343 -n ping -n -c 1 -W 1 10.0.0.65"), from2.toString());
            assertTrue(n.get(0).recorded().stream().noneMatch(s -> s.argv().contains("exec")), "no docker exec");

            n.get(0).clearRecorded();
            TestShell.Run named = sh.run("node1 curl -s http://web2/ web2");
            assertEquals(0, named.status(), named.err());
            assertTrue(OverlayCommandsTest.changes(n.get(0)).contains("curl -s http://web2/ 10.0.0.129"),
                    n.get(0).recorded().toString());
        }
    }
}
