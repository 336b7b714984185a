package netshell.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Parses `ip -j addr`: one entry per address, devices without addresses contribute none. */
public final class Addresses {
    static final String COMMAND = "ip -j addr";

    private Addresses() {}

    public static List<IfAddress> parse(String ipJAddrJson) {
        List<IfAddress> out = new ArrayList<>();
        for (Map<String, Object> dev : KernelJson.objects(ipJAddrJson, COMMAND)) {
            String ifname = KernelJson.string(dev, "ifname");
            for (Map<String, Object> a : KernelJson.objectList(dev, "addr_info")) {
                String local = KernelJson.string(a, "local");
                Integer prefix = KernelJson.integer(a, "prefixlen");
                // An entry whose "local" is not one address (a wrapped ip, a hostile node) is not an address.
                if (ifname == null || !IpText.isAddress(local) || prefix == null) continue;
                out.add(new IfAddress(ifname, KernelJson.string(a, "family"), local, prefix));
            }
        }
        return List.copyOf(out);
    }

    /**
     * The addresses that duplicate address detection holds back (IPv6): "tentative" while it runs, "dadfailed" when
     * another host on the link had the address. The kernel neither sends from nor answers for such an address.
     */
    public static Map<String, String> dad(String ipJAddrJson) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (Map<String, Object> dev : KernelJson.objects(ipJAddrJson, COMMAND)) {
            for (Map<String, Object> a : KernelJson.objectList(dev, "addr_info")) {
                String local = KernelJson.string(a, "local");
                if (!IpText.isAddress(local)) continue;
                if (Boolean.TRUE.equals(KernelJson.bool(a, "dadfailed"))) out.put(local, "dadfailed");
                else if (Boolean.TRUE.equals(KernelJson.bool(a, "tentative"))) out.put(local, "tentative");
            }
        }
        return out;
    }

    /** The MTU that `ip -j addr` reports for the device, or null when it lists no such device. */
    public static Integer mtu(String ipJAddrJson, String ifname) {
        for (Map<String, Object> dev : KernelJson.objects(ipJAddrJson, COMMAND)) {
            if (ifname.equals(KernelJson.string(dev, "ifname"))) return KernelJson.integer(dev, "mtu");
        }
        return null;
    }
}
