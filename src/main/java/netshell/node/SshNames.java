package netshell.node;

import netshell.core.Printable;

/**
 * The names an inventory gives ssh (node aliases, host names, users) end up in ProxyCommand lines run by a shell
 * and in known_hosts lines, as they do for OpenSSH (CVE-2023-51385). A name that holds shell syntax, a control
 * character or whitespace, or that starts with '-' (an option to ssh or to the proxy) is refused.
 */
final class SshNames {
    private static final String SHELL = "'\"`$\\;&<>|(){}*?[]!~#";

    private SshNames() {}

    /** Why the name is refused, or null when it is fine. */
    static String problem(String name) {
        if (name == null) return null;
        if (name.startsWith("-")) return "starts with '-'";
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isWhitespace(c) || Printable.hasControl(String.valueOf(c))) {
                return "holds a blank or control character";
            }
            if (SHELL.indexOf(c) >= 0) return "holds '" + c + "', which a shell would interpret";
        }
        return null;
    }
}
