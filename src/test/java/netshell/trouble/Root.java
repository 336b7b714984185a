package netshell.trouble;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import netshell.node.LocalNode;

/** Lab tests need root (ip netns, iptables) and skip with a message otherwise. */
final class Root {
    private Root() {}

    static void assume() {
        String uid = new LocalNode("local").run("id", "-u").stdout().strip();
        assumeTrue(uid.equals("0"), "skipped: needs root (ip netns); id -u is " + uid);
    }
}
