package netshell.change;

/**
 * Node state as big as production's, generated: a kube-proxy-style nat table (one service chain and one endpoint
 * chain per service, 6 lines each) and a routing table of /32 routes, as input for iptables-restore and ip -batch.
 */
public final class BigTables {
    private BigTables() {}

    /** iptables-restore input (for --noflush) of {@code services} services: about 6 nat lines each. */
    public static String kubeProxyNat(int services) {
        StringBuilder decl = new StringBuilder("*nat\n:KUBE-SERVICES - [0:0]\n:KUBE-MARK-MASQ - [0:0]\n");
        StringBuilder rules = new StringBuilder("-A PREROUTING -m comment --comment \"kubernetes service portals\" "
                + "-j KUBE-SERVICES\n-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000\n");
        for (int i = 0; i < services; i++) {
            String id = String.format("%016X", 0x9E3779B97F4A7C15L * (i + 1));
            String vip = "10.96." + (i >> 8) + "." + (i & 255);
            String pod = "10.244." + (i >> 8) + "." + (i & 255);
            decl.append(":KUBE-SVC-").append(id).append(" - [0:0]\n:KUBE-SEP-").append(id).append(" - [0:0]\n");
            rules.append("-A KUBE-SERVICES -d ").append(vip).append("/32 -p tcp -m comment --comment \"default/svc-")
                    .append(i).append(":http cluster IP\" -m tcp --dport 80 -j KUBE-SVC-").append(id).append('\n');
            rules.append("-A KUBE-SVC-").append(id).append(" -m comment --comment \"default/svc-").append(i)
                    .append(":http -> ").append(pod).append(":8080\" -j KUBE-SEP-").append(id).append('\n');
            rules.append("-A KUBE-SEP-").append(id).append(" -s ").append(pod).append("/32 -j KUBE-MARK-MASQ\n");
            rules.append("-A KUBE-SEP-").append(id).append(" -p tcp -m tcp -j DNAT --to-destination ").append(pod)
                    .append(":8080\n");
        }
        return decl.append(rules).append("COMMIT\n").toString();
    }

    /** ip -batch input adding {@code n} /32 routes in 10.128.0.0/9 via {@code gateway}. */
    public static String routes(int n, String gateway) {
        StringBuilder sb = new StringBuilder(n * 48);
        for (int i = 0; i < n; i++) {
            sb.append("route add 10.").append(128 + (i >> 16)).append('.').append((i >> 8) & 255).append('.')
                    .append(i & 255).append("/32 via ").append(gateway).append('\n');
        }
        return sb.toString();
    }

    /** Writes one of the generators' outputs to stdout: {@code nat SERVICES} or {@code routes N GATEWAY} (bench/). */
    public static void main(String[] args) {
        System.out.print(args[0].equals("nat")
                ? kubeProxyNat(Integer.parseInt(args[1]))
                : routes(Integer.parseInt(args[1]), args[2]));
    }
}
