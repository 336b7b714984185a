package netshell.lb.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import netshell.addr.math.AddressFamily;
import netshell.core.BadInput;

/** A load-balanced service: traffic to {@code vip} over {@code proto} is spread over {@code backends} (order kept). */
public record ServiceSpec(Endpoint vip, String proto, List<Endpoint> backends) {

    public ServiceSpec {
        Objects.requireNonNull(vip, "vip");
        proto = proto == null ? "" : proto.trim().toLowerCase(Locale.ROOT);
        if (Proto.of(proto).isEmpty())
            throw new BadInput("protocol must be tcp or udp, got '" + proto + "'");
        if (backends == null || backends.isEmpty())
            throw new BadInput("service " + vip + " needs at least one backend");
        backends = List.copyOf(backends);
        var seen = new HashSet<Endpoint>();
        for (Endpoint b : backends) {
            if (!seen.add(b)) throw new BadInput("backend " + b + " listed twice");
            if (b.equals(vip)) throw new BadInput("backend " + b + " is the VIP itself");
            AddressFamily.sameFamily(vip.address(), b.address(), "a VIP and its backends");
        }
    }

    public boolean isV6() { return vip.isV6(); }

    /** {@code 10.0.0.100:80/tcp}: the identity of the service, used in comments and chain hashes. */
    public String key() {
        return vip + "/" + proto;
    }

    public ServiceSpec withBackend(Endpoint backend) {
        if (backends.contains(backend)) throw new BadInput("backend " + backend + " is already in " + key());
        var more = new ArrayList<>(backends);
        more.add(backend);
        return new ServiceSpec(vip, proto, more);
    }

    public ServiceSpec withoutBackend(Endpoint backend) {
        if (!backends.contains(backend)) throw new BadInput("backend " + backend + " is not in " + key());
        if (backends.size() == 1)
            throw new BadInput("cannot remove the last backend of " + key() + "; delete the service instead");
        var fewer = new ArrayList<>(backends);
        fewer.remove(backend);
        return new ServiceSpec(vip, proto, fewer);
    }
}
