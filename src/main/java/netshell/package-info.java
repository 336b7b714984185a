/**
 * The launcher's entry point (Main): parses nothing itself, hands the streams to the composition root in app.
 */
package netshell;
