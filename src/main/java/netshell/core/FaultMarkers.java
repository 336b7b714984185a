package netshell.core;

/**
 * Where the markers of planted faults live on a node, as a shell expression: per network namespace, since a lab's
 * nodes share one /run. A namespace's inode number is reused once it is gone, so the first Ethernet MAC (a lab
 * node's veth, made anew with each lab) is in the name too: a later namespace never finds a deleted one's faults.
 * One definition for the fault planner's steps and the node library's {@code faults} state group.
 */
public final class FaultMarkers {
    public static final String DIR = "/run/netshell/faults/$(readlink /proc/self/ns/net | tr -cd 0-9)-$(ip -o link"
            + " show | awk -F'link/ether ' 'NF > 1 { split($2, a, \" \"); print a[1]; exit }' | tr -cd 0-9a-f)";

    private FaultMarkers() {}
}
