package netshell.trace;

import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Map;

import netshell.command.Target;
import netshell.lab.Lab;
import netshell.lab.SshdMounts;
import netshell.node.Fleet;
import netshell.node.Inventory;
import netshell.node.SshNode;
import netshell.node.Transport;
import netshell.testing.TestShell;

/**
 * A lab's nodes as machines without nft, as many servers are: each node's sshd runs in a mount namespace where nft
 * is /bin/false (see {@link SshdMounts}), so whatever netshell runs over SSH there finds no working nft.
 */
final class WithoutNft {
    static final Map<String, String> NO_NFT = Map.of("/bin/false", "/usr/sbin/nft");

    private WithoutNft() {}

    /** Restarts the sshd of nodes 1..{@code nodes} so; a shell over the lab's SSH, checked to find no nft there. */
    static TestShell shell(Lab lab, int nodes) {
        for (int i = 1; i <= nodes; i++) SshdMounts.restart(lab, i, NO_NFT);
        TestShell sh = sshShell(lab);
        for (int i = 1; i <= nodes; i++) {
            String node = "node" + i;
            assertNotEquals(0, sh.node(node).run("nft", "list", "tables").exit(), node + " has a working nft");
        }
        return sh;
    }

    /** A shell over the lab's SSH: a new one reaches each sshd as it runs now. */
    static TestShell sshShell(Lab lab) {
        Fleet fleet = Fleet.of(Inventory.load(lab.sshConfig()), SshNode.Options.defaults());
        return TestShell.on(new Target(Transport.SSH.label(), fleet, null, null));
    }
}
