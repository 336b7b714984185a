/**
 * Parsing of node state as the kernel prints it (ip -j link/addr/route, bridge -j fdb, netns): links, addresses,
 * FDB entries, NodeState. Pure: it is handed the text, it never runs a command.
 */
package netshell.kernel;
