/**
 * {@code link}: links that fail and degrade. Sets a link's ends down and up, impairs a link (delay, jitter, loss,
 * corruption, rate) with tc and nftables, shows each interface's state and impairment, flaps a link, and clears
 * what it set; every change is a plan of steps with their undo, journaled like any other. What each option becomes
 * on a node is worked out in {@code link.plan} (pure).
 */
package netshell.link;
