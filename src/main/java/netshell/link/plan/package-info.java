/**
 * The link planner, pure: endpoints ({@code node:iface}), impairments and their units, what a node's
 * {@code tc qdisc show} and netshell's nftables table say is set on each interface, and the steps (each with its
 * undo) that set a link down or up, impair it with netem where the kernel has it (else tbf for the rate and an
 * nftables random drop for loss and corruption), clear it, or flap it.
 */
package netshell.link.plan;
