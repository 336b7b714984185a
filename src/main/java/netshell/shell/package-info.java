/**
 * The REPL and the line grammar: parsing, pipes and redirects, completion, help, rendering, Ctrl-C. Uses the command
 * framework only; holds no network logic and never loads Groovy.
 */
package netshell.shell;
