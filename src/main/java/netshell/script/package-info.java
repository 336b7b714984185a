/**
 * Groovy: the script runner and DSL, lib/ command files, Groovy lines in the REPL. Drives commands through the shell's
 * Invoker; only the launcher (app) depends on it, so a one-shot command never loads Groovy.
 */
package netshell.script;
