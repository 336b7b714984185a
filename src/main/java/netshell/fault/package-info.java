/**
 * {@code fault}: plants the overlay failures people meet (a catalogue of them), lists the ones planted on the nodes
 * and clears them; each fault is a change like any other (journaled, {@code --confirm}, {@code undo}). Its
 * catalogue and planner are in {@code fault.plan} (pure).
 */
package netshell.fault;
