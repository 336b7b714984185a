package netshell.lb.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import groovy.json.JsonException;
import groovy.json.JsonSlurper;

/**
 * The services a node's kernel holds, read from {@code iptables-save -c} or from
 * {@code nft -j list table ip netshell}: every command that changes an existing service starts here.
 */
public final class InstalledServices {
    private InstalledServices() {}

    public static final String IPTABLES = LbMode.IPTABLES.label();
    public static final String NFT = LbMode.NFT.label();

    /**
     * From the rules in {@code NETSHELL-SERVICES}: each carries its service's comment and jumps to the
     * service chain, whose rules give the backends (DNAT targets), the ladder and, with {@code -c},
     * the counters of each backend's DNAT rule (nat rules see the first packet of each connection).
     */
    public static List<InstalledService> fromIptables(IptablesSave save) {
        var out = new ArrayList<InstalledService>();
        for (IptablesSave.Rule entry : save.rules("nat", ChainNames.SERVICES)) {
            var comment = ServiceComment.parse(entry.comment());
            if (comment.isEmpty() || entry.target() == null) continue;
            String svc = entry.target();
            List<String> targets = save.dnatTargets(svc);
            if (targets.isEmpty() || targets.contains("")) continue; // half a service: not one we wrote
            double[] shares = ProbabilityLadder.effectiveShares(save.ladder(svc));
            List<IptablesSave.Rule> ladderRules = save.rules("nat", svc);
            var backends = new ArrayList<InstalledService.Backend>();
            for (int i = 0; i < targets.size(); i++) {
                IptablesSave.Rule dnat = dnatRule(save, ladderRules.get(i));
                backends.add(new InstalledService.Backend(Endpoint.parse(targets.get(i)), shares[i],
                        dnat.packets(), dnat.bytes()));
            }
            var spec = new ServiceSpec(comment.get().vip(), comment.get().proto(),
                    backends.stream().map(InstalledService.Backend::endpoint).toList());
            out.add(new InstalledService(spec, IPTABLES, backends));
        }
        return out;
    }

    private static IptablesSave.Rule dnatRule(IptablesSave save, IptablesSave.Rule ladderRule) {
        if ("DNAT".equals(ladderRule.target())) return ladderRule;
        return save.rules("nat", ladderRule.target()).stream().filter(r -> "DNAT".equals(r.target()))
                .findFirst().orElse(ladderRule);
    }

    /**
     * Whether our nft table dispatches through the {@code services} verdict map, so that it can be changed by
     * element updates; a table of the older layout (one rule per VIP) is replaced whole instead.
     */
    public static boolean nftHasServiceMap(String json) {
        if (json == null || json.isBlank()) return false;
        try {
            // A table without the hairpin set is of the layout before it: written anew, not updated.
            if (new JsonSlurper().parseText(json) instanceof Map<?, ?> top && top.get("nftables") instanceof List<?> l)
                return holds(l, "map", NftRules.SERVICE_MAP) && holds(l, "set", NftRules.HAIRPIN_SET);
        } catch (JsonException | IllegalArgumentException e) {
            return false;
        }
        return false;
    }

    private static boolean holds(List<?> items, String kind, String name) {
        return items.stream().anyMatch(i -> i instanceof Map<?, ?> m && m.get(kind) instanceof Map<?, ?> o
                && name.equals(o.get("name")) && NftRules.TABLE.equals(o.get("table")));
    }

    /**
     * From the per-backend counting rules of {@link NftRules} (chains {@code sep-…}): their comments
     * name service and backend in the order written; numgen spreads evenly, so each share is 1/N.
     * Blank output (no table) means no services.
     */
    public static List<InstalledService> fromNftJson(String json) {
        if (json == null || json.isBlank()) return List.of();
        Object root;
        try {
            root = new JsonSlurper().parseText(json);
        } catch (JsonException | IllegalArgumentException e) {
            throw new IllegalStateException("`nft -j list table` printed malformed JSON", e);
        }
        if (!(root instanceof Map<?, ?> top) || !(top.get("nftables") instanceof List<?> items)) {
            throw new IllegalStateException("`nft -j list table` printed no nftables array");
        }
        var byKey = new LinkedHashMap<String, List<long[]>>();
        var endpoints = new LinkedHashMap<String, List<Endpoint>>();
        var comments = new LinkedHashMap<String, ServiceComment>();
        for (Object item : items) {
            if (!(item instanceof Map<?, ?> m) || !(m.get("rule") instanceof Map<?, ?> rule)) continue;
            // Backend chains (sep-…) carry the comments; 0.1's table had them in chain "counters".
            if (!NftRules.TABLE.equals(rule.get("table"))) continue;
            var c = ServiceComment.parse(rule.get("comment") == null ? null : rule.get("comment").toString());
            if (c.isEmpty() || c.get().backend() == null) continue;
            comments.putIfAbsent(c.get().key(), c.get());
            endpoints.computeIfAbsent(c.get().key(), k -> new ArrayList<>()).add(c.get().backend());
            byKey.computeIfAbsent(c.get().key(), k -> new ArrayList<>()).add(counter(rule.get("expr")));
        }
        var out = new ArrayList<InstalledService>();
        comments.forEach((key, c) -> {
            List<Endpoint> eps = endpoints.get(key);
            List<long[]> counts = byKey.get(key);
            var backends = new ArrayList<InstalledService.Backend>();
            for (int i = 0; i < eps.size(); i++) {
                backends.add(
                        new InstalledService.Backend(eps.get(i), 1.0 / eps.size(), counts.get(i)[0], counts.get(i)[1]));
            }
            out.add(new InstalledService(new ServiceSpec(c.vip(), c.proto(), eps), NFT, backends));
        });
        return out;
    }

    private static long[] counter(Object expr) {
        if (expr instanceof List<?> list) {
            for (Object e : list) {
                if (e instanceof Map<?, ?> m && m.get("counter") instanceof Map<?, ?> counter) {
                    return new long[]{number(counter.get("packets")), number(counter.get("bytes"))};
                }
            }
        }
        return new long[]{0, 0};
    }

    private static long number(Object o) { return o instanceof Number n ? n.longValue() : 0; }
}
