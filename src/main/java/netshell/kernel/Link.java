package netshell.kernel;

/**
 * One network device as `ip -j -d link` reports it. VXLAN fields are null on other kinds;
 * {@code learning} is the VXLAN device's own learning flag, not its bridge-port flag; {@code proxy} its ARP/ND proxy
 * flag (answers from the device's neighbour table instead of sending requests on).
 */
public record Link(String name, int ifindex, String kind, String state, boolean adminUp, int mtu,
        String master, String alias, String mac, Integer vni, String vxlanLocal,
        Integer vxlanPort, String vxlanDev, Boolean learning, Boolean proxy) {

    /** A device as before the proxy flag was read (other kinds, and tests that do not care). */
    public Link(String name, int ifindex, String kind, String state, boolean adminUp, int mtu, String master,
            String alias, String mac, Integer vni, String vxlanLocal, Integer vxlanPort, String vxlanDev,
            Boolean learning) {
        this(name, ifindex, kind, state, adminUp, mtu, master, alias, mac, vni, vxlanLocal, vxlanPort, vxlanDev,
                learning, null);
    }

    public static final String NETSHELL_ALIAS = "netshell";

    /** True when the alias says netshell created this device. */
    public boolean ours() {
        return NETSHELL_ALIAS.equals(alias);
    }

    public boolean isVxlan() { return "vxlan".equals(kind); }
}
