package netshell.lab.topo;

/** A link: a veth pair between two endpoints; mtu null for the kernel's default. */
public record TopoLink(Endpoint a, Endpoint b, Integer mtu) {}
