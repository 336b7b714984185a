/**
 * {@code lb add-vip|show|test|check|delete}: reads netfilter state, plans rules with lb.rules, applies them, probes
 * backends. Uses the framework, kernel and addr.math.
 */
package netshell.lb;
