package netshell.lb.rules;

import java.util.List;

/**
 * A service as found in a node's kernel: its spec, how it is programmed ("iptables" or "nft"), and
 * per backend the share of new connections the rules give it and the kernel's counters for it.
 */
public record InstalledService(ServiceSpec spec, String mode, List<Backend> backends) {

    /**
     * {@code share}: the fraction of new connections the rules send here (effective, not the rule's own probability).
     */
    public record Backend(Endpoint endpoint, double share, long packets, long bytes) {}

    public InstalledService {
        backends = List.copyOf(backends);
    }

    public String key() { return spec.key(); }

    public long totalPackets() { return backends.stream().mapToLong(Backend::packets).sum(); }
}
