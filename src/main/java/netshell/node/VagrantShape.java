package netshell.node;

/**
 * The walkthrough's Vagrant machines, which the lab and dry-run nodes imitate: node i has eth1 at
 * 192.168.56.(9+i)/24 (node1 = .10).
 */
public final class VagrantShape {
    public static final String UNDERLAY = "eth1";

    private VagrantShape() {}

    public static String address(int index) { return "192.168.56." + (9 + index); }
}
