/**
 * The embedded lab (nodes as network namespaces on this machine, optionally with a real sshd each) and
 * {@code lab up|save|add-node|rm-node|link|down|status}.
 */
package netshell.lab;
