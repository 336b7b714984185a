/**
 * The web view's pure parts: interface counters as {@code /proc/net/dev} prints them, rates between two samples,
 * and server-sent event text. No I/O; unit-tested with golden text.
 */
package netshell.web.feed;
