/**
 * Running commands on nodes: {@code node1 cmd}, {@code all}, {@code on SELECTOR}, {@code nodes} and
 * {@code inventory}.
 */
package netshell.remote;
