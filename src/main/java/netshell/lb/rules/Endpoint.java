package netshell.lb.rules;

import netshell.core.BadInput;

/** An IPv4 address and a port, as in {@code 10.0.0.2:80}: a VIP or a backend. */
public record Endpoint(String address, int port) {

    public Endpoint {
        if (!isDottedQuad(address)) throw new BadInput("not an IPv4 address: '" + address + "'");
        if (address.equals("0.0.0.0")) throw new BadInput("0.0.0.0 cannot be a destination");
        if (port < 1 || port > 65535) throw new BadInput("port must be 1-65535, got " + port);
    }

    /** Parses {@code ADDRESS:PORT}; anything else is rejected with one clear line. */
    public static Endpoint parse(String text) {
        if (text == null || text.isBlank()) throw new BadInput("missing endpoint, expected ADDRESS:PORT");
        String t = text.trim();
        int colon = t.lastIndexOf(':');
        if (colon < 0) throw new BadInput("missing port in '" + t + "', expected ADDRESS:PORT");
        String portText = t.substring(colon + 1);
        if (!portText.matches("[0-9]{1,5}")) throw new BadInput("bad port in '" + t + "', expected 1-65535");
        return new Endpoint(t.substring(0, colon), Integer.parseInt(portText));
    }

    /** Strict dotted quad: four decimal octets 0-255, no leading zeros (which some tools read as octal). */
    static boolean isDottedQuad(String s) {
        if (s == null) return false;
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) return false;
        for (String p : parts) {
            if (!p.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(p) > 255) return false;
        }
        return true;
    }

    @Override
    public String toString() { return address + ":" + port; }
}
