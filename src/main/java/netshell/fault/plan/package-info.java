/**
 * The fault catalogue and its planner, pure: what each fault breaks and which doctor check finds it, the steps that
 * plant it on a node (each with its undo), and the steps that clear it again from what its marker on the node says.
 */
package netshell.fault.plan;
