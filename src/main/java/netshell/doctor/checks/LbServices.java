package netshell.doctor.checks;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import netshell.lb.rules.IptablesSave;

/** The VIP:PORTs and backend ADDRESS:PORTs of our load balancer as iptables-save shows them (for completion). */
public final class LbServices {
    private LbServices() {}

    public static List<String> vips(IptablesSave save) {
        List<String> out = new ArrayList<>();
        for (LbChecks.Service s : LbChecks.services(save)) out.add(s.vip() + ":" + s.port());
        return out;
    }

    public static List<String> backends(IptablesSave save) {
        Set<String> out = new LinkedHashSet<>();
        for (LbChecks.Service s : LbChecks.services(save))
            save.dnatTargets(s.chain()).stream().filter(d -> !d.isEmpty()).forEach(out::add);
        return List.copyOf(out);
    }
}
