package netshell.trace.plan;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;

/**
 * The values nft compares, taken from one packet ({@link Flow}) the way the kernel reads them: header fields of the
 * packet's family (an {@code ip saddr} match does not hold for an IPv6 packet, nor {@code tcp dport} for udp), the
 * interfaces, conntrack's state and original addresses, a fib address type, {@code numgen} as a uniform choice; and
 * how such a value meets a rule's right-hand side: literal, prefix, range, anonymous or named set, concatenation.
 * A value it cannot know without a packet is {@link Unknown}; a probability of {@link Double#NaN} says "cannot
 * judge".
 */
final class NftEval {
    /** A field the packet does not have (an IPv4 field of an IPv6 packet): no match holds, whatever the operator. */
    static final Object ABSENT = new Object() {
        @Override
        public String toString() { return "absent"; }
    };

    /** What cannot be known without a packet, named as the rule names it. */
    record Unknown(String what) {}

    /** An address, compared by value (IPv6 spellings differ). */
    record Ip(String text, BigInteger value, boolean v6) {}

    /** A flag word (ct state, ct status, tcp flags): the flags set, and those this packet's flags are known for. */
    record Flags(Set<String> set, Set<String> known) {}

    /** numgen: each of {@code n} values from {@code lo} on, equally likely. */
    record Uniform(long lo, long n) {}

    /** One of the values an expression may take, and its share. */
    record Alt(Object value, double p) {}

    private static final Map<String, Long> PROTOCOLS = Map.of("icmp", 1L, "igmp", 2L, "tcp", 6L, "udp", 17L, "gre",
            47L, "esp", 50L, "ah", 51L, "icmpv6", 58L, "sctp", 132L, "udplite", 136L);
    private static final Set<String> PORTED = Set.of("tcp", "udp", "sctp", "udplite");
    private static final Set<String> CT_STATES = Set.of("new", "established", "related", "invalid", "untracked");
    private static final Set<String> CT_STATUS_KNOWN = Set.of("dnat", "snat", "confirmed", "seen-reply");
    private static final Set<String> TCP_FLAGS = Set.of("fin", "syn", "rst", "psh", "ack", "urg", "ecn", "cwr");
    private static final Set<String> VERDICTS = Set.of("accept", "drop", "continue", "return", "jump", "goto");

    private final NftRuleset rs;
    private final String family;
    private final String table;
    private final Flow f;

    /**
     * @param family the packet's family, {@code ip} or {@code ip6}
     * @param table  the table's family and name ("inet userfw"), where its named sets are
     */
    NftEval(NftRuleset rs, String family, String table, Flow f) {
        this.rs = rs;
        this.family = family;
        this.table = table;
        this.f = f;
    }

    /** Every value {@code expr} may take: one, unless a map is looked up by a random number. */
    List<Alt> values(Object expr) {
        if (expr instanceof Map<?, ?> m && m.size() == 1 && m.get("map") instanceof Map<?, ?> map) {
            List<Alt> out = new ArrayList<>();
            for (Alt key : values(map.get("key"))) {
                if (key.value instanceof Unknown || key.value == ABSENT) {
                    out.add(key);
                    continue;
                }
                for (Alt hit : lookup(key.value, map.get("data"))) out.add(new Alt(hit.value, key.p * hit.p));
            }
            return out;
        }
        return List.of(new Alt(value(expr), 1.0));
    }

    /**
     * The map's values for {@code key}: each element whose key it matches, with the share of a random key it takes;
     * what no element takes is {@link #ABSENT} (nft ends the rule there).
     */
    List<Alt> lookup(Object key, Object data) {
        List<Alt> out = new ArrayList<>();
        double left = 1.0;
        for (Object e : elements(data)) {
            if (!(e instanceof List<?> pair) || pair.size() != 2) continue;
            double p = member(key, pair.get(0));
            if (Double.isNaN(p) || p <= 0) continue;
            p = Math.min(p, left);
            // A verdict map's value stays a verdict ({"jump": …}); a data map's is a value (an address . port).
            out.add(new Alt(verdict(pair.get(1)) ? pair.get(1) : literal(pair.get(1)), p));
            left -= p;
            if (left <= 1e-12) break;
        }
        if (left > 1e-12) out.add(new Alt(ABSENT, left));
        return out;
    }

    /** Whether a map's value is a verdict ({"jump": …}), as in a verdict map. */
    static boolean verdict(Object json) {
        return json instanceof Map<?, ?> m && m.size() == 1 && VERDICTS.contains(String.valueOf(m.keySet().iterator()
                .next()));
    }

    /** The packet's value of a left-hand expression: a field, interface, conntrack key, fib type, numgen. */
    Object value(Object expr) {
        if (!(expr instanceof Map<?, ?> m) || m.size() != 1) return literal(expr);
        String key = String.valueOf(m.keySet().iterator().next());
        Object v = m.values().iterator().next();
        Map<?, ?> o = v instanceof Map<?, ?> map ? map : Map.of();
        return switch (key) {
            case "payload" -> payload(String.valueOf(o.get("protocol")), String.valueOf(o.get("field")), expr);
            case "meta" -> meta(String.valueOf(o.get("key")), expr);
            case "ct" -> ct(String.valueOf(o.get("key")), o.get("dir") == null ? null : String.valueOf(o.get("dir")),
                    expr);
            case "fib" -> fib(o, expr);
            case "numgen" -> o.get("mod") instanceof Number mod && mod.longValue() > 0
                    ? new Uniform(o.get("offset") instanceof Number off ? off.longValue() : 0, mod.longValue())
                    : unknown(expr);
            case "concat" -> concat(v, expr);
            case "&" -> and(v, expr);
            default -> unknown(expr);
        };
    }

    private static Unknown unknown(Object expr) { return new Unknown(NftText.expr(expr)); }

    private Object payload(String protocol, String field, Object expr) {
        switch (protocol) {
            case "ip", "ip6" -> {
                if (!protocol.equals(family)) return ABSENT;
                return switch (field) {
                    case "saddr" -> address(f.src(), expr);
                    case "daddr" -> address(f.dst(), expr);
                    case "protocol", "nexthdr" -> protocol(expr);
                    default -> unknown(expr);
                };
            }
            case "th" -> {
                if (!PORTED.contains(f.proto())) return ABSENT;
                return ports(field, expr);
            }
            case "tcp", "udp", "sctp", "udplite" -> {
                if (!protocol.equals(f.proto())) return ABSENT;
                if (protocol.equals("tcp") && field.equals("flags")) {
                    // The request's first packet is a SYN, the reply's a SYN-ACK.
                    Set<String> flags = f.syn() ? Set.of("syn") : Set.of("syn", "ack");
                    return new Flags(flags, TCP_FLAGS);
                }
                return ports(field, expr);
            }
            case "icmp" -> {
                if (!family.equals("ip") || !"icmp".equals(f.proto())) return ABSENT;
                if (field.equals("type")) return f.syn() ? "echo-request" : "echo-reply";
                return unknown(expr);
            }
            case "icmpv6" -> {
                if (!family.equals("ip6") || !"icmpv6".equals(f.proto())) return ABSENT;
                if (field.equals("type")) return f.syn() ? "echo-request" : "echo-reply";
                return unknown(expr);
            }
            default -> {
                return unknown(expr);
            }
        }
    }

    private Object ports(String field, Object expr) {
        Integer port = switch (field) {
            case "sport" -> f.sport();
            case "dport" -> f.dport();
            default -> null;
        };
        return port == null ? unknown(expr) : (Object) port.longValue();
    }

    private Object meta(String key, Object expr) {
        return switch (key) {
            case "l4proto" -> protocol(expr);
            case "nfproto" -> family.equals("ip6") ? "ipv6" : "ipv4";
            case "protocol" -> family.equals("ip6") ? "ip6" : "ip";
            case "iifname", "iif" -> f.in() == null ? "" : f.in();
            case "oifname", "oif" -> f.out() == null ? "" : f.out();
            // As iptables' -m mark is read: nothing here sets a mark.
            case "mark" -> 0L;
            default -> unknown(expr);
        };
    }

    private Object ct(String key, String dir, Object expr) {
        boolean request = f.syn();
        // Before conntrack has seen the packet there is no entry: its state reads "invalid", any other key ends the
        // rule.
        if (f.ctstate().contains("INVALID"))
            return key.equals("state")
                    ? new Flags(Set.of("invalid"), CT_STATES)
                    : ABSENT;
        switch (key) {
            case "state" -> {
                Set<String> s = new LinkedHashSet<>();
                for (String st : f.ctstate()) {
                    String lower = st.toLowerCase(Locale.ROOT);
                    if (CT_STATES.contains(lower)) s.add(lower);
                }
                return new Flags(s, CT_STATES);
            }
            case "status" -> {
                Set<String> s = new LinkedHashSet<>();
                if (f.ctstate().contains("DNAT")) s.add("dnat");
                if (f.ctstate().contains("SNAT")) s.add("snat");
                if (!request) s.addAll(List.of("confirmed", "seen-reply"));
                return new Flags(s, CT_STATUS_KNOWN);
            }
            case "mark" -> {
                return 0L;
            }
            case "protocol", "l4proto" -> {
                return protocol(expr);
            }
            default -> {
                if (!"original".equals(dir)) return unknown(expr);
                // The connection's original tuple: the request as it came (before a DNAT here); a reply's reversed.
                String src = request ? f.src() : f.dst();
                String dst = f.origDst() != null ? f.origDst() : request ? f.dst() : f.src();
                Integer sport = request ? f.sport() : f.dport();
                Integer dport = f.origDport() != null ? f.origDport() : request ? f.dport() : f.sport();
                return switch (key) {
                    case "saddr", "ip saddr", "ip6 saddr" -> family(key) ? address(src, expr) : ABSENT;
                    case "daddr", "ip daddr", "ip6 daddr" -> family(key) ? address(dst, expr) : ABSENT;
                    case "proto-dst" -> dport == null ? unknown(expr) : (Object) dport.longValue();
                    case "proto-src" -> sport == null ? unknown(expr) : (Object) sport.longValue();
                    default -> unknown(expr);
                };
            }
        }
    }

    /** Whether "ip daddr" / "ip6 daddr" / "daddr" names the packet's family. */
    private boolean family(String key) {
        return !key.contains(" ") || key.startsWith(family + " ");
    }

    private Object fib(Map<?, ?> o, Object expr) {
        List<?> flags = o.get("flags") instanceof List<?> l ? l : List.of(String.valueOf(o.get("flags")));
        if (!"type".equals(o.get("result")) || flags.size() != 1) return unknown(expr);
        String which = String.valueOf(flags.get(0));
        String address = which.equals("daddr") ? f.dst() : which.equals("saddr") ? f.src() : null;
        if (address == null) return unknown(expr);
        if (f.localAddresses().contains(address)) return "local";
        Ip a = ip(address);
        if (a == null) return unknown(expr);
        if (!a.v6() && a.value().shiftRight(28).intValue() == 14) return "multicast";
        if (!a.v6() && address.equals("255.255.255.255")) return "broadcast";
        if (a.v6() && a.text().toLowerCase(Locale.ROOT).startsWith("ff")) return "multicast";
        return "unicast";
    }

    private Object concat(Object v, Object expr) {
        if (!(v instanceof List<?> parts)) return unknown(expr);
        List<Object> out = new ArrayList<>();
        for (Object part : parts) {
            Object x = value(part);
            if (x instanceof Unknown || x == ABSENT) return x;
            if (x instanceof Uniform) return unknown(expr);
            out.add(x);
        }
        return out;
    }

    /** {@code tcp flags & (syn | ack)}, {@code meta mark & 0xff}: a flag word or a number, masked. */
    private Object and(Object v, Object expr) {
        if (!(v instanceof List<?> l) || l.size() != 2) return unknown(expr);
        Object left = value(l.get(0));
        if (left instanceof Unknown || left == ABSENT) return left;
        Object mask = l.get(1);
        if (left instanceof Flags fl) {
            Set<String> keep = new LinkedHashSet<>(strings(mask));
            if (!fl.known().containsAll(keep)) return unknown(expr);
            Set<String> s = new LinkedHashSet<>(fl.set());
            s.retainAll(keep);
            return new Flags(s, keep);
        }
        if (left instanceof Long n && mask instanceof Number m) return n & m.longValue();
        return unknown(expr);
    }

    /**
     * The share of packets for which {@code left op right} holds: 0 or 1, a fraction for a random number, and NaN
     * when it cannot be judged.
     */
    double holds(Object left, String op, Object right) {
        if (left == ABSENT) return 0;
        if (left instanceof Unknown) return Double.NaN;
        if (left instanceof Flags fl && !(right instanceof Map<?, ?> m && m.containsKey("set"))
                && !(right instanceof String s && s.startsWith("@"))) {
            Set<String> want = new LinkedHashSet<>(strings(right));
            if (!fl.known().containsAll(want)) return Double.NaN;
            boolean any = want.stream().anyMatch(fl.set()::contains);
            return switch (op) {
                case "in" -> any ? 1 : 0;
                case "==" -> fl.set().equals(want) ? 1 : 0;
                case "!=" -> any ? 0 : 1;
                default -> Double.NaN;
            };
        }
        return switch (op) {
            case "==", "in" -> member(left, right);
            case "!=" -> {
                double p = member(left, right);
                yield Double.isNaN(p) ? p : 1 - p;
            }
            case "<", ">", "<=", ">=" -> order(left, op, right);
            default -> Double.NaN;
        };
    }

    /** The share of {@code v} that is one of {@code right}'s elements (a literal, a set, a named set). */
    double member(Object v, Object right) {
        if (right instanceof String s && s.startsWith("@") || right instanceof Map<?, ?> m && m.containsKey("set")) {
            double sum = 0;
            for (Object e : elements(right)) {
                double p = one(v, e instanceof List<?> pair && pair.size() == 2 ? pair.get(0) : e);
                if (Double.isNaN(p)) return p;
                sum += p;
                if (sum >= 1) return 1;
            }
            return sum;
        }
        return one(v, right);
    }

    /** The elements of an anonymous set ({"set": […]}) or of the named set "@name" of this table. */
    List<Object> elements(Object set) {
        if (set instanceof String s && s.startsWith("@")) {
            int space = table.indexOf(' ');
            NftRuleset.NamedSet named = rs.set(table.substring(0, space), table.substring(space + 1), s.substring(1));
            return named == null ? List.of() : named.elements();
        }
        if (set instanceof Map<?, ?> m && m.get("set") instanceof List<?> l) return new ArrayList<>(l);
        if (set instanceof List<?> l) return new ArrayList<>(l);
        return List.of(set);
    }

    /** The share of {@code v} that equals, or lies in, one element. */
    private double one(Object v, Object elem) {
        if (elem instanceof Map<?, ?> m && m.get("elem") instanceof Map<?, ?> inner) elem = inner.get("val");
        if (v instanceof Uniform u) return uniform(u, elem);
        if (v instanceof List<?> parts) {
            if (!(elem instanceof Map<?, ?> m && m.get("concat") instanceof List<?> ce) || ce.size() != parts.size())
                return 0;
            for (int i = 0; i < parts.size(); i++) if (one(parts.get(i), ce.get(i)) < 1) return 0;
            return 1;
        }
        if (elem instanceof Map<?, ?> m && m.get("prefix") instanceof Map<?, ?> p) {
            Ip net = ip(String.valueOf(p.get("addr")));
            return v instanceof Ip a && net != null && p.get("len") instanceof Number len
                    && inPrefix(a, net, len.intValue()) ? 1 : 0;
        }
        if (elem instanceof Map<?, ?> m && m.get("range") instanceof List<?> r && r.size() == 2) {
            BigInteger lo = number(v, r.get(0));
            BigInteger hi = number(v, r.get(1));
            BigInteger x = number(v, v);
            return lo != null && hi != null && x != null && x.compareTo(lo) >= 0 && x.compareTo(hi) <= 0 ? 1 : 0;
        }
        if (v instanceof String s && elem instanceof String e) {
            // An interface name ending in * matches every name it begins.
            return e.endsWith("*") ? (s.startsWith(e.substring(0, e.length() - 1)) ? 1 : 0) : s.equals(e) ? 1 : 0;
        }
        if (v instanceof Flags fl) return fl.set().contains(String.valueOf(elem)) ? 1 : 0;
        BigInteger a = number(v, v);
        BigInteger b = number(v, elem);
        return a != null && a.equals(b) ? 1 : 0;
    }

    private double uniform(Uniform u, Object elem) {
        if (elem instanceof Number k)
            return k.longValue() >= u.lo() && k.longValue() < u.lo() + u.n()
                    ? 1.0 / u.n()
                    : 0;
        if (elem instanceof Map<?, ?> m && m.get("range") instanceof List<?> r && r.size() == 2
                && r.get(0) instanceof Number a && r.get(1) instanceof Number b) {
            long lo = Math.max(a.longValue(), u.lo());
            long hi = Math.min(b.longValue(), u.lo() + u.n() - 1);
            return hi < lo ? 0 : (double) (hi - lo + 1) / u.n();
        }
        return 0;
    }

    private double order(Object v, String op, Object right) {
        if (v instanceof Uniform u && right instanceof Number k) {
            long n = k.longValue();
            long below = Math.max(0, Math.min(u.n(), n - u.lo())); // values < n
            long upTo = Math.max(0, Math.min(u.n(), n - u.lo() + 1)); // values <= n
            long count = switch (op) {
                case "<" -> below;
                case "<=" -> upTo;
                case ">" -> u.n() - upTo;
                default -> u.n() - below;
            };
            return (double) count / u.n();
        }
        BigInteger a = number(v, v);
        BigInteger b = number(v, right);
        if (a == null || b == null) return Double.NaN;
        int c = a.compareTo(b);
        boolean ok = switch (op) {
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            default -> c >= 0;
        };
        return ok ? 1 : 0;
    }

    /** {@code x} as a number of {@code like}'s kind: an address's value, a port, a protocol by name. */
    private static BigInteger number(Object like, Object x) {
        if (x instanceof Ip a) return a.value();
        if (like instanceof Ip) {
            Ip a = x == null ? null : ip(String.valueOf(x));
            return a == null ? null : a.value();
        }
        if (x instanceof Number n) return BigInteger.valueOf(n.longValue());
        if (x instanceof String s) {
            Long p = PROTOCOLS.get(s);
            if (p != null) return BigInteger.valueOf(p);
            if (s.matches("0x[0-9a-fA-F]{1,16}")) return new BigInteger(s.substring(2), 16);
            if (s.matches("\\d{1,18}")) return new BigInteger(s);
        }
        return null;
    }

    private static boolean inPrefix(Ip a, Ip net, int len) {
        if (a.v6() != net.v6()) return false;
        int bits = a.v6() ? 128 : 32;
        if (len < 0 || len > bits) return false;
        return a.value().shiftRight(bits - len).equals(net.value().shiftRight(bits - len));
    }

    /** A rule's constant as a value: an address, a number, a concatenation, or the text itself. */
    static Object literal(Object json) {
        if (json instanceof Number n) return n.longValue();
        if (json instanceof String s) {
            Ip a = ip(s);
            return a != null ? a : s;
        }
        if (json instanceof Map<?, ?> m && m.get("concat") instanceof List<?> parts)
            return parts.stream().map(NftEval::literal).toList();
        return json;
    }

    /** The address, or null when the text is not one address. */
    static Ip ip(String text) {
        if (text == null) return null;
        long v4 = V4.parse(text);
        if (v4 >= 0) return new Ip(text, BigInteger.valueOf(v4), false);
        if (text.indexOf(':') < 0) return null;
        IPAddress a = new IPAddressString(text).getAddress();
        if (a == null || !a.isIPv6() || a.isMultiple()) return null;
        return new Ip(a.toCanonicalString(), a.getValue(), true);
    }

    /** The packet's protocol number (a rule's "tcp" is read as 6 where it meets it). */
    private Object protocol(Object expr) {
        Long p = f.proto() == null ? null : PROTOCOLS.get(f.proto());
        return p == null ? unknown(expr) : p;
    }

    /** An address of the packet; one not known yet (the source before routing picks it) cannot be judged. */
    private static Object address(String text, Object expr) {
        Ip a = ip(text);
        return a == null ? unknown(expr) : a;
    }

    private static List<String> strings(Object o) {
        if (o instanceof List<?> l) return l.stream().map(String::valueOf).toList();
        return List.of(String.valueOf(o));
    }

    /** The text of an address value, as a DNAT target names it. */
    static String text(Object value) {
        if (value instanceof Ip a) return a.text();
        if (value instanceof List<?> l) return String.join(" . ", l.stream().map(NftEval::text).toList());
        return String.valueOf(value);
    }
}
