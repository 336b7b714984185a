package netshell.kernel;

/** One address of a device: family is "inet" or "inet6", local the address without prefix. */
public record IfAddress(String ifname, String family, String local, int prefixLen) {
    /** The address as `ip addr add` takes it, e.g. 10.0.0.1/24. */
    public String cidr() {
        return local + "/" + prefixLen;
    }

    public boolean ipv4() { return "inet".equals(family); }

    /** An IPv6 address other than link-local (fe80::/10, which the kernel gives every link by itself). */
    public boolean ipv6Routable() {
        return "inet6".equals(family) && !local.toLowerCase().matches("fe[89ab].*");
    }
}
