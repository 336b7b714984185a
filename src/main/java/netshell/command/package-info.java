/**
 * The framework every command uses: specs, parameters, parsing, registry, context/session/target, completion sources,
 * plan application with rollback and reports. May use core, kernel and node; never a feature, shell or script.
 */
package netshell.command;
