package netshell.addr.math;

import netshell.core.BadInput;

/** IPv4 addresses as 32-bit ints: strict parsing and the textual forms shown to users. */
public final class Ipv4 {
    private Ipv4() {}

    /** Parses dotted decimal strictly: four decimal octets 0..255, no sign, no spaces, no leading zeros. */
    public static int parse(String dotted) {
        return parse(dotted, dotted);
    }

    /** Same as {@link #parse(String)}, but messages start with {@code shownAs} (e.g. the whole CIDR). */
    static int parse(String dotted, String shownAs) {
        if (dotted == null || dotted.isEmpty()) {
            if (shownAs == null || shownAs.isEmpty() || shownAs.equals(dotted)) throw new BadInput("empty address");
            throw new BadInput(Shown.input(shownAs) + ": missing address before '/'");
        }
        String label = Shown.input(shownAs);
        for (int i = 0; i < dotted.length(); i++) {
            char c = dotted.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                throw new BadInput(label + ": not an IPv4 address (spaces are not allowed)");
            }
            // Character.isDigit would accept non-ASCII digits; only 0-9 are valid here.
            if (c != '.' && (c < '0' || c > '9')) throw new BadInput(label + ": not an IPv4 address");
        }
        String[] octets = dotted.split("\\.", -1);
        if (octets.length != 4) throw new BadInput(label + ": an IPv4 address has four octets");
        int value = 0;
        for (String octet : octets) value = value << 8 | octet(octet, label);
        return value;
    }

    private static int octet(String digits, String label) {
        if (digits.isEmpty()) throw new BadInput(label + ": empty octet (two dots in a row, or a dot at an end)");
        // More than three digits can never be 0..255; checking length first avoids int overflow.
        if (digits.length() > 3 || Integer.parseInt(digits) > 255) {
            throw new BadInput(label + ": octet " + Shown.input(digits) + " is out of range 0..255");
        }
        if (digits.length() > 1 && digits.charAt(0) == '0') {
            // inet_aton reads 010 as octal 8; refusing it avoids silently different addresses.
            throw new BadInput(label + ": octet " + digits + " has a leading zero (some tools read it as octal)");
        }
        return Integer.parseInt(digits);
    }

    public static String format(int address) {
        return (address >>> 24) + "." + (address >>> 16 & 0xff) + "." + (address >>> 8 & 0xff) + "." + (address & 0xff);
    }

    /** "00001010.00000000.00000000.00000001": the bits the prefix length counts. */
    public static String binary(int address) {
        StringBuilder out = new StringBuilder(35);
        for (int shift = 24; shift >= 0; shift -= 8) {
            String bits = Integer.toBinaryString(address >>> shift & 0xff);
            if (shift < 24) out.append('.');
            out.append("0".repeat(8 - bits.length())).append(bits);
        }
        return out.toString();
    }

    /** The address as an unsigned number, so that ordering and arithmetic work above 128.0.0.0. */
    public static long toLong(int address) {
        return Integer.toUnsignedLong(address);
    }
}
