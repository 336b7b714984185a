/**
 * Load-balancer rule text and its parsing: iptables-restore and nft scripts, iptables-save parsing, the probability
 * ladder, the chi-squared fairness test. Pure.
 */
package netshell.lb.rules;
