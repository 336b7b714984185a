/**
 * The packet-path simulator: facts read from nodes (links, addresses, routes and policy rules, neighbours, FDB,
 * iptables rulesets and nftables' own tables, sysctls, listening sockets) in; numbered phases per node, for the
 * request and the reply, and a verdict out. Pure: no I/O, tested with golden facts.
 */
package netshell.trace.plan;
