/**
 * CIDR and address maths (Cidr, NetInfo, SplitDiagram, AddressPlan …). Pure, and shared by every feature that plans
 * addresses.
 */
package netshell.addr.math;
