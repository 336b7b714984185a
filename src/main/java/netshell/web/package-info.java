/**
 * {@code web}: a live page beside the REPL for teaching: the topology (as {@code topology} draws it), per-second
 * rates on each node's underlay and VXLAN devices, and a lesson pane with each command typed and the Linux commands
 * it ran. Served by the JDK's HttpServer with server-sent events; nothing runs until {@code web} is started. It
 * reaches other features only through the registry ({@link netshell.command.CommandCall}).
 */
package netshell.web;
