package netshell.kernel;

/**
 * One network device as `ip -j -d link` reports it. VXLAN fields are null on other kinds;
 * {@code learning} is the VXLAN device's own learning flag, not its bridge-port flag.
 */
public record Link(String name, int ifindex, String kind, String state, boolean adminUp, int mtu,
        String master, String alias, String mac, Integer vni, String vxlanLocal,
        Integer vxlanPort, String vxlanDev, Boolean learning) {

    public static final String NETSHELL_ALIAS = "netshell";

    /** True when the alias says netshell created this device. */
    public boolean ours() {
        return NETSHELL_ALIAS.equals(alias);
    }

    public boolean isVxlan() { return "vxlan".equals(kind); }
}
