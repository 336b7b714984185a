/**
 * {@code trace FROM TO[:PORT]}: where a packet goes across the nodes and what decides each hop. Reads every node
 * (and its containers) in one round trip and hands the facts to the pure simulator of {@code trace.plan}.
 */
package netshell.trace;
