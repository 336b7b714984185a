/**
 * Pure logic of reaching nodes and containers: names standing for addresses in node commands, the pingall
 * matrix and its summary, the MTU binary search, and parsers for ping and iperf3 output. No I/O.
 */
package netshell.remote.plan;
