package netshell.trace.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A rule of {@code nft -j list ruleset} written back as {@code nft -s list ruleset} prints it (stateless: a counter
 * without its numbers), so that a phase names a rule in the words a user reads and deletes it by. An expression it
 * does not know is written as its JSON key and values: still recognisable, if not nft's own spelling.
 */
final class NftText {
    /** meta keys nft prints without "meta" (iifname "eth0", not meta iifname "eth0"). */
    private static final Set<String> UNQUALIFIED = Set.of("iif", "oif", "iifname", "oifname", "iifgroup", "oifgroup");
    private static final Set<String> QUOTED = Set.of("iifname", "oifname", "meta iifkind", "meta oifkind",
            "meta sdifname", "meta bri_iifname", "meta bri_oifname");
    private static final Set<String> VERDICTS = Set.of("accept", "drop", "continue", "return", "jump", "goto");

    private NftText() {}

    /** The rule's statements, then its comment, as one line. */
    static String rule(List<Object> expr, String comment) {
        List<String> words = new ArrayList<>();
        for (Object e : expr) {
            String s = statement(e);
            if (!s.isEmpty()) words.add(s);
        }
        if (comment != null) words.add("comment " + quote(comment));
        return String.join(" ", words);
    }

    static String statement(Object e) {
        if (!(e instanceof Map<?, ?> m) || m.size() != 1) return expr(e);
        String key = String.valueOf(m.keySet().iterator().next());
        Object v = m.values().iterator().next();
        Map<?, ?> o = v instanceof Map<?, ?> map ? map : Map.of();
        return switch (key) {
            case "match" -> match(o);
            case "counter" -> v instanceof String name ? "counter name " + quote(name) : "counter";
            case "log" -> log(o);
            case "reject" -> o.isEmpty()
                    ? "reject"
                    : "reject with " + o.get("type") + (o.get("expr") == null ? "" : " " + o.get("expr"));
            case "dnat", "snat" -> nat(key, o);
            case "masquerade", "redirect" -> key + (o.get("port") == null ? "" : " to :" + expr(o.get("port")))
                    + flags(o.get("flags"));
            case "mangle" -> {
                String target = expr(o.get("key"));
                yield target + " set " + value(target, o.get("value"));
            }
            case "vmap" -> expr(o.get("key")) + " vmap " + expr(o.get("data"));
            case "limit" -> limit(o);
            case "notrack" -> "notrack";
            default -> VERDICTS.contains(key) ? expr(e) : generic(key, v);
        };
    }

    private static String match(Map<?, ?> o) {
        String left = expr(o.get("left"));
        String right = value(left, o.get("right"));
        String op = String.valueOf(o.get("op"));
        return op.equals("==") || op.equals("in") ? left + " " + right : left + " " + op + " " + right;
    }

    private static String log(Map<?, ?> o) {
        StringBuilder s = new StringBuilder("log");
        if (o.get("prefix") != null) s.append(" prefix ").append(quote(String.valueOf(o.get("prefix"))));
        if (o.get("group") != null) s.append(" group ").append(o.get("group"));
        if (o.get("level") != null) s.append(" level ").append(o.get("level"));
        return s.toString();
    }

    private static String nat(String kind, Map<?, ?> o) {
        StringBuilder s = new StringBuilder(kind);
        if (o.get("family") != null) s.append(' ').append(o.get("family"));
        Object addr = o.get("addr");
        Object port = o.get("port");
        if (addr != null || port != null) {
            s.append(" to ");
            String a = addr == null ? "" : expr(addr);
            s.append(port != null && a.contains(":") ? "[" + a + "]" : a);
            if (port != null) s.append(':').append(expr(port));
        }
        return s + flags(o.get("flags"));
    }

    private static String limit(Map<?, ?> o) {
        StringBuilder s = new StringBuilder("limit rate ");
        if (Boolean.TRUE.equals(o.get("inv"))) s.append("over ");
        s.append(o.get("rate"));
        Object unit = o.get("rate_unit");
        if (unit != null && !"packets".equals(unit)) s.append(' ').append(unit);
        s.append('/').append(o.get("per"));
        if (o.get("burst") instanceof Number b && b.intValue() != 5 && b.intValue() != 0)
            s.append(" burst ").append(b).append(o.get("burst_unit") == null ? " packets" : " " + o.get("burst_unit"));
        return s.toString();
    }

    private static String flags(Object f) {
        if (f == null) return "";
        return " " + (f instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList()) : f);
    }

    /** A value compared with, or set into, {@code left}: interface names quoted, marks in hex as nft prints them. */
    private static String value(String left, Object v) {
        if (QUOTED.contains(left) && v instanceof String s && !s.startsWith("@")) return quote(s);
        if ((left.equals("meta mark") || left.equals("ct mark")) && v instanceof Number n)
            return String.format(Locale.ROOT, "0x%08x", n.longValue());
        if (QUOTED.contains(left) && v instanceof Map<?, ?> m && m.get("set") instanceof List<?> l)
            return "{ " + String.join(", ", l.stream().map(x -> x instanceof String s ? quote(s) : expr(x))
                    .toList()) + " }";
        return expr(v);
    }

    /** An expression: a value, a packet field, a set or map, a concatenation. */
    static String expr(Object e) {
        if (e == null) return "";
        if (e instanceof List<?> l) return String.join(",", l.stream().map(NftText::expr).toList());
        if (!(e instanceof Map<?, ?> m)) return String.valueOf(e);
        if (m.size() != 1) return generic("", m);
        String key = String.valueOf(m.keySet().iterator().next());
        Object v = m.values().iterator().next();
        Map<?, ?> o = v instanceof Map<?, ?> map ? map : Map.of();
        return switch (key) {
            case "payload" -> o.get("protocol") != null
                    ? o.get("protocol") + " " + o.get("field")
                    : "@" + o.get("base") + "," + o.get("offset") + "," + o.get("len");
            case "meta" -> UNQUALIFIED.contains(String.valueOf(o.get("key")))
                    ? String.valueOf(o.get("key"))
                    : "meta " + o.get("key");
            case "ct" -> "ct " + (o.get("dir") == null ? "" : o.get("dir") + " ") + o.get("key");
            case "fib" -> "fib " + (o.get("flags") instanceof List<?> f
                    ? String.join(" . ", f.stream().map(String::valueOf).toList())
                    : String.valueOf(o.get("flags"))) + " " + o.get("result");
            case "numgen" -> "numgen " + o.get("mode") + " mod " + o.get("mod") + (o.get("offset") instanceof Number n
                    && n.intValue() != 0 ? " offset " + n : "");
            case "concat" -> v instanceof List<?> l ? String.join(" . ", l.stream().map(NftText::expr).toList()) : "";
            case "set" -> v instanceof List<?> l
                    ? "{ " + String.join(", ", l.stream().map(NftText::element).toList()) + " }"
                    : expr(v);
            case "prefix" -> o.get("addr") + "/" + o.get("len");
            case "range" -> v instanceof List<?> l && l.size() == 2 ? expr(l.get(0)) + "-" + expr(l.get(1)) : "";
            case "map" -> expr(o.get("key")) + " map " + expr(o.get("data"));
            case "elem" -> expr(o.get("val"));
            case "tcp option" -> "tcp option " + o.get("name") + (o.get("field") == null ? "" : " " + o.get("field"));
            case "&", "|", "^", "<<", ">>" -> v instanceof List<?> l && l.size() == 2
                    ? expr(l.get(0)) + " " + key + " " + expr(l.get(1))
                    : generic(key, v);
            case "jump", "goto" -> key + " " + o.get("target");
            case "accept", "drop", "continue", "return" -> key;
            default -> generic(key, v);
        };
    }

    /** A set element; a map's element is a [key, value] pair. */
    private static String element(Object e) {
        if (e instanceof List<?> pair && pair.size() == 2) return expr(pair.get(0)) + " : " + expr(pair.get(1));
        return expr(e);
    }

    /** An expression nft spells its own way, written as its key and values. */
    private static String generic(String key, Object v) {
        List<String> words = new ArrayList<>();
        if (!key.isEmpty()) words.add(key);
        if (v instanceof Map<?, ?> m) {
            m.values().forEach(x -> words.add(x instanceof Map<?, ?> || x instanceof List<?>
                    ? expr(x)
                    : String.valueOf(x)));
        } else if (v != null) {
            words.add(expr(v));
        }
        return String.join(" ", words);
    }

    private static String quote(String s) { return "\"" + s + "\""; }
}
