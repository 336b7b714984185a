package netshell.kernel;

import java.nio.charset.StandardCharsets;

import netshell.core.BadInput;

/** Linux interface name rules (dev_valid_name): 1..15 bytes, no '/', ':' or whitespace, not "." or "..". */
public final class IfName {
    public static final int MAX = 15; // IFNAMSIZ 16 minus the terminating NUL

    private IfName() {}

    /** Returns the name, or throws BadInput naming what the name was for. */
    public static String check(String name, String what) {
        if (name == null || name.isEmpty()) throw new BadInput(what + " name is empty");
        if (name.equals(".") || name.equals("..")) throw new BadInput(what + " name '" + name + "' is not allowed");
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX) {
            throw new BadInput(what + " name '" + name + "' is longer than " + MAX + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == ':' || Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new BadInput(what + " name '" + name + "' contains '" + printable(c) + "'");
            }
        }
        return name;
    }

    private static String printable(char c) {
        return Character.isWhitespace(c) || Character.isISOControl(c)
                ? String.format("\\u%04x", (int) c)
                : String.valueOf(c);
    }
}
