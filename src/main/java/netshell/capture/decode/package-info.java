/**
 * Decoding of tcpdump -e -nn lines into packets (outer and inner VXLAN headers). Pure.
 */
package netshell.capture.decode;
