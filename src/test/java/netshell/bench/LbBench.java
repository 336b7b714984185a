package netshell.bench;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.IntFunction;

import netshell.app.Commands;
import netshell.app.Launch;
import netshell.command.CommandOutcome;
import netshell.command.Session;
import netshell.command.Target;
import netshell.lab.Lab;
import netshell.lb.rules.ChiSquare;
import netshell.lb.rules.Endpoint;
import netshell.lb.rules.IptablesRules;
import netshell.lb.rules.NftRules;
import netshell.lb.rules.ProbabilityLadder;
import netshell.lb.rules.ServiceSpec;
import netshell.shell.Invoker;
import netshell.shell.LineParser;

/**
 * Helpers for bench/lb.sh:
 * {@code restore N} prints the iptables-restore text of a VIP with N backends;
 * {@code e2e LAB N} times 'lb add-vip' with N backends in-process on node1 of lab LAB (milliseconds);
 * {@code down LAB} removes that lab; {@code fairness CONNECTIONS SEED} prints χ² p-values of simulated ladders
 * (even and naive 1/N).
 */
public final class LbBench {
    private LbBench() {}

    static final String VIP = "192.168.56.100:80";

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "restore" ->
                System.out.print(IptablesRules.restoreText(List.of(service(Integer.parseInt(args[1]))), Set.of()));
            case "e2e" -> e2e(args[1], Integer.parseInt(args[2]));
            case "down" -> new Lab(args[1]).down();
            case "fairness" -> fairness(Integer.parseInt(args[1]), Long.parseLong(args[2]));
            case "many" -> System.out.print(many(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    args[4].equals("1")));
            default -> throw new IllegalArgumentException(
                    "restore N | e2e LAB N | fairness CONNECTIONS SEED | many iptables|nft VIPS BACKENDS 0|1");
        }
    }

    /**
     * {@code vips} VIPs 10.200.x.y:80 (the last one made has the highest address, so it is the last rule iptables
     * walks) over {@code backends} backends 10.1.0.1..N:8080 each. Without {@code plusOne}: the whole rule set as
     * netshell writes it first; with it: what netshell runs to add one backend to the last VIP (iptables: the
     * restore of all its chains; nft: the element and chain update).
     */
    static String many(String mode, int vips, int backends, boolean plusOne) {
        List<ServiceSpec> specs = new ArrayList<>();
        for (int v = 0; v < vips; v++) {
            var bs = new ArrayList<Endpoint>();
            for (int b = 1; b <= backends; b++) bs.add(new Endpoint("10.1.0." + b, 8080));
            specs.add(new ServiceSpec(new Endpoint("10.200." + (v / 250) + "." + (v % 250 + 1), 80), "tcp", bs));
        }
        List<ServiceSpec> more = new ArrayList<>(specs);
        more.set(vips - 1, specs.get(vips - 1).withBackend(new Endpoint("10.1.0." + (backends + 1), 8080)));
        boolean nft = mode.equals("nft");
        if (!plusOne) return nft ? NftRules.scriptFor(specs) : IptablesRules.restoreText(specs);
        if (nft) return NftRules.updateScript(specs, more);
        Set<String> chains = new HashSet<>();
        IptablesRules.restoreText(specs).lines().filter(l -> l.startsWith(":")).forEach(l -> chains.add(
                l.substring(1, l.indexOf(' '))));
        return IptablesRules.restoreText(more, chains);
    }

    static ServiceSpec service(int n) {
        var backends = new ArrayList<Endpoint>();
        for (int i = 0; i < n; i++) backends.add(new Endpoint("10." + (1 + i / 250) + "." + (i % 250) + ".2", 80));
        return new ServiceSpec(Endpoint.parse(VIP), "tcp", backends);
    }

    /**
     * One 'lb add-vip' through the command layer (read state, plan, one restore, guarded jumps), JVM start excluded.
     */
    static void e2e(String labName, int n) throws Exception {
        Lab lab = new Lab(labName);
        lab.up(1, false);
        Session session = Commands.session(() -> Target.lab(lab, null));
        Invoker invoker = Launch.newInvoker(session);
        StringBuilder line = new StringBuilder("lb add-vip " + VIP + " --on node1");
        service(n).backends().forEach(b -> line.append(" --backend ").append(b));
        var words = LineParser.parse("lb show").get(0).words();
        invoker.invoke(words, r -> {}); // warm up: classes loaded, node opened
        long start = System.nanoTime();
        Object result = invoker.invoke(LineParser.parse(line.toString()).get(0).words(), r -> {});
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (result instanceof CommandOutcome o && o.failed())
            throw new IllegalStateException(o.failureSummary());
        System.out.println(ms);
        // leave the node clean for the next N
        invoker.invoke(LineParser.parse("lb delete " + VIP).get(0).words(), r -> {});
        session.fleet().close();
    }

    /** Simulates {@code connections} DNAT decisions through each ladder: rule i takes a packet with its probability. */
    static void fairness(int connections, long seed) {
        Random random = new Random(seed);
        System.out.printf(Locale.ROOT, "%-4s %-28s %-12s %-28s %-12s%n", "N", "even ladder counts", "p",
                "naive 1/N counts", "p");
        for (int n : new int[]{2, 3, 4, 8}) {
            long[] even = simulate(ProbabilityLadder::of, n, connections, random);
            long[] naive = simulate(ProbabilityLadder::naive, n, connections, random);
            System.out.printf(Locale.ROOT, "%-4d %-28s %-12.4g %-28s %-12.4g%n", n, join(even), ChiSquare.pValue(even),
                    join(naive), ChiSquare.pValue(naive));
        }
    }

    static long[] simulate(IntFunction<List<Double>> ladderFor, int n, int connections, Random random) {
        List<Double> ladder = ladderFor.apply(n);
        long[] counts = new long[n];
        for (int c = 0; c < connections; c++) {
            int i = 0;
            while (i < n - 1 && random.nextDouble() >= ladder.get(i)) i++;
            counts[i]++;
        }
        return counts;
    }

    private static String join(long[] counts) {
        var sb = new StringBuilder();
        for (long c : counts) sb.append(sb.length() == 0 ? "" : ",").append(c);
        return sb.toString();
    }
}
