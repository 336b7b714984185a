/**
 * Nodes and how they are reached: run argv (ExecResult) or stream lines, over SSH, into a lab namespace, locally or as
 * a
 * dry run; inventories; Fleet fan-out. May use core and kernel; knows no command.
 */
package netshell.node;
