/**
 * {@code doctor}: reads every node, runs the checks and reports findings with fixes.
 */
package netshell.doctor;
