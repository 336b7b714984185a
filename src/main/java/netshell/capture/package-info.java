/**
 * {@code tcpdump}: live capture on the nodes, decoded rows, stopped on every node on Ctrl-C.
 */
package netshell.capture;
