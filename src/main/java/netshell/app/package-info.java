/**
 * The composition root: launch options, the target chosen at start, the built-in command registry, live completion
 * sources and the class-data-sharing training run. The one package that may wire every feature, shell and script
 * together.
 */
package netshell.app;
