/**
 * {@code record}: writes the commands of a session, and what they printed, to a replayable script.
 */
package netshell.record;
