package netshell.remote.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import netshell.core.BadInput;
import netshell.core.IpFamily;
import netshell.core.Printable;
import netshell.kernel.IpText;

/**
 * Mininet's {@code h2 ping h3}: in a node command, a word that is exactly a node's name stands for its underlay
 * address, a container's name for its overlay address. The program (the first word) is never replaced, nor a
 * quoted word, nor a name inside a longer word (but for a URL's bracketed host, http://[web2]/, which takes the IPv6
 * address); a word that names nothing is left as typed.
 */
public final class NameSubstitution {
    private NameSubstitution() {}

    /** A URL whose host is a bracketed name, as an IPv6 literal is written: http://[web2]:8080/path. */
    private static final Pattern URL_HOST = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)\\[([^\\]/]+)](.*)");

    /** The name in a URL's brackets, else null. */
    private static String urlHost(String word) {
        Matcher m = URL_HOST.matcher(word);
        return m.matches() ? m.group(2) : null;
    }

    /** The words a name lookup could replace: not the program, not quoted. */
    public static List<String> candidates(List<String> argv, Set<Integer> quoted) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i < argv.size(); i++) {
            if (quoted.contains(i)) continue;
            String host = urlHost(argv.get(i));
            out.add(host != null ? host : argv.get(i));
        }
        return out;
    }

    /**
     * Whether a word may name a container (netshell's container names: a letter or digit, then up to 39 letters,
     * digits, '_', '.', '-'), so that a command made only of options and numbers costs no container lookup.
     */
    public static boolean couldBeContainer(String word) {
        return word.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,39}") && !word.matches("[0-9.]+");
    }

    /**
     * Whether the command asks for IPv6: an unquoted {@code -6} (ping -6, curl -6, ssh -6…) or a program of IPv6's
     * own (ping6, traceroute6, tracepath6), or a name in a URL's brackets (curl http://[web2]/). Names then stand for
     * IPv6 addresses where there are any.
     */
    public static boolean wantsIpv6(List<String> argv, Set<Integer> quoted) {
        if (argv.isEmpty()) return false;
        String program = argv.get(0).substring(argv.get(0).lastIndexOf('/') + 1);
        if (Set.of("ping6", "traceroute6", "tracepath6").contains(program)) return true;
        for (int i = 1; i < argv.size(); i++) {
            if (!quoted.contains(i) && (argv.get(i).equals("-6") || urlHost(argv.get(i)) != null)) return true;
        }
        return false;
    }

    /**
     * The argv with names replaced. {@code quoted} holds the indexes of words the user quoted; {@code nodes} and
     * {@code containers} map names to addresses. A word naming both a node and a container is a BadInput.
     */
    public static List<String> apply(List<String> argv, Set<Integer> quoted, Map<String, String> nodes,
            Map<String, String> containers) {
        List<String> out = new ArrayList<>(argv);
        for (int i = 1; i < argv.size(); i++) {
            if (quoted.contains(i)) continue;
            String word = argv.get(i);
            String host = urlHost(word);
            if (host != null) {
                out.set(i, inUrl(word, host, nodes, containers));
                continue;
            }
            String node = nodes.get(word);
            String container = containers.get(word);
            if (node != null && container != null) {
                throw new BadInput("'" + word + "' is both node " + word + " (" + node + ") and container " + word
                        + " (" + container + "): write the address, or --literal after the target");
            }
            if (node != null) out.set(i, checked(word, node, false));
            else if (container != null) out.set(i, checked(word, container, true));
        }
        return out;
    }

    /**
     * The value a name stands for, which becomes a word of the node's argv: a container's address (read from a node)
     * must be one IP address; a node's (from the inventory) may be a host name, never an option or several words.
     */
    private static String checked(String name, String value, boolean container) {
        boolean ok = container
                ? IpText.isAddress(value)
                : IpText.isAddress(value) || value.matches("[A-Za-z0-9_][A-Za-z0-9_.-]*");
        if (!ok) {
            throw new BadInput((container ? "container " : "node ") + name + " has the address '"
                    + Printable.escape(value) + "', which is not an IP address; refused");
        }
        return value;
    }

    /** http://[web2]:80/ with web2's IPv6 address in the brackets; as typed where it names no IPv6 address. */
    private static String inUrl(String word, String host, Map<String, String> nodes, Map<String, String> containers) {
        String address = nodes.containsKey(host) && containers.containsKey(host)
                ? null
                : nodes.getOrDefault(host, containers.get(host));
        if (address == null || !IpFamily.isV6(address)) return word;
        checked(host, address, true);
        Matcher m = URL_HOST.matcher(word);
        m.matches();
        return m.group(1) + "[" + address + "]" + m.group(3);
    }
}
