package netshell.node;

import java.util.List;

/**
 * A host as an Ansible inventory names it: a name or a range (`web[01:03]`), with an optional port
 * (`db1:2222`, `[2001:db8::1]:2222`; a bare IPv6 address has none). Pure.
 */
record HostPattern(List<String> hosts, String port) {
    static HostPattern parse(String pattern) {
        String name = pattern;
        String port = null;
        if (name.startsWith("[") && name.indexOf("]:") > 0 && !name.substring(1, name.indexOf("]:")).contains("[")) {
            // [address]:port
            port = name.substring(name.indexOf("]:") + 2);
            name = name.substring(1, name.indexOf("]:"));
        } else {
            int colon = lastColonOutsideBrackets(name);
            if (colon >= 0 && colon == firstColonOutsideBrackets(name)) {
                port = name.substring(colon + 1);
                name = name.substring(0, colon);
            }
        }
        if (port != null && !isPort(port))
            throw new IllegalArgumentException("bad port '" + port + "' in host '" + pattern + "'");
        if (name.isEmpty()) throw new IllegalArgumentException("expected a host name, got '" + pattern + "'");
        return new HostPattern(HostRange.expand(name), port);
    }

    static boolean isPort(String value) {
        String v = value.strip();
        return v.matches("\\d{1,5}") && Integer.parseInt(v) >= 1 && Integer.parseInt(v) <= 65535;
    }

    private static int lastColonOutsideBrackets(String s) {
        int depth = 0;
        int last = -1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '[') depth++;
            else if (c == ']') depth--;
            else if (c == ':' && depth == 0) last = i;
        }
        return last;
    }

    private static int firstColonOutsideBrackets(String s) {
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '[') depth++;
            else if (c == ']') depth--;
            else if (c == ':' && depth == 0) return i;
        }
        return -1;
    }
}
