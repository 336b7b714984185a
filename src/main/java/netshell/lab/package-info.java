/**
 * The embedded lab (nodes as network namespaces on this machine, optionally with a real sshd each) and
 * {@code lab up|down|status}.
 */
package netshell.lab;
