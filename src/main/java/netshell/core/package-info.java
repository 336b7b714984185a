/**
 * Pure types every layer shares: a plan of argv steps with their reasons, and BadInput for input the user can fix.
 * Uses nothing else of netshell and does no I/O.
 */
package netshell.core;
