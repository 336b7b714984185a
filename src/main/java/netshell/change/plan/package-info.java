/**
 * Pure logic of safe changes: a node's snapshot (netfilter, links, addresses, routes, forwarding sysctls) and its
 * readable lines, the +/- diff of two snapshots, the text of the node-side rollback script and its arm/disarm
 * commands, and the journal record. No I/O.
 */
package netshell.change.plan;
