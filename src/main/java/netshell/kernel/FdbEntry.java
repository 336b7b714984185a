package netshell.kernel;

import java.util.List;

/** One forwarding entry from `bridge -j fdb`; dst is the remote VTEP on VXLAN devices, else null. */
public record FdbEntry(String mac, String ifname, String dst, String master, List<String> flags) {
    public static final String ALL_ZEROS = "00:00:00:00:00:00";

    public FdbEntry {
        flags = flags == null ? List.of() : List.copyOf(flags);
    }

    /** The default destination used to flood broadcast and unknown unicast to a peer (head-end replication). */
    public boolean isFloodEntry() {
        return ALL_ZEROS.equals(mac) && dst != null;
    }
}
