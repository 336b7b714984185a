package netshell.addr.math;

/** `net contains` and `net overlap`: yes/no answers that explain themselves with the ranges involved. */
public final class Membership {
    private Membership() {}

    public record Containment(String cidr, String address, boolean contains, String explanation) {

        public static Containment check(String cidr, String address) {
            if (AddressFamily.sameFamily(cidr, address, "a network and an address")) return check6(cidr, address);
            Cidr block = Cidr.parse(cidr);
            int candidate = Ipv4.parse(address);
            String shown = Ipv4.format(candidate);
            boolean inside = block.containsInt(candidate);
            String explanation = shown + " is " + (inside ? "inside " : "outside ") + block + " (" + span(block) + ")"
                    + (inside ? role(block, candidate) : "");
            return new Containment(block.toString(), shown, inside, explanation);
        }

        private static Containment check6(String cidr, String address) {
            Ipv6Block block = Ipv6Block.parse(cidr);
            String shown = Ipv6Block.canonical(address);
            boolean inside = block.containsAddress(address);
            String explanation = shown + " is " + (inside ? "inside " : "outside ") + block + " (" + span6(block)
                    + ")" + (inside && block.prefix() < 127 && shown.equals(block.network())
                            ? "; it is the Subnet-Router anycast address (RFC 4291), not for a host"
                            : "");
            return new Containment(block.toString(), shown, inside, explanation);
        }

        private static String role(Cidr block, int candidate) {
            if (block.prefix() >= 31) return "";
            if (candidate == block.networkInt()) return "; it is the network address, not usable by a host";
            if (candidate == block.broadcastInt()) return "; it is the broadcast address, not usable by a host";
            return "";
        }
    }

    public record Overlap(String a, String b, boolean overlap, String explanation) {

        public static Overlap check(String a, String b) {
            if (AddressFamily.sameFamily(a, b, "two networks")) return check6(a, b);
            Cidr first = Cidr.parse(a);
            Cidr second = Cidr.parse(b);
            String explanation;
            if (first.equals(second)) {
                explanation = first + " and " + second + " are the same range (" + span(first) + ")";
            } else if (first.contains(second)) {
                explanation = first + " contains " + second + " entirely";
            } else if (second.contains(first)) {
                explanation = second + " contains " + first + " entirely";
            } else {
                explanation = first + " (" + span(first) + ") and " + second + " (" + span(second)
                        + ") do not overlap";
            }
            return new Overlap(first.toString(), second.toString(), first.overlaps(second), explanation);
        }
    }

    private static Overlap check6(String a, String b) {
        Ipv6Block first = Ipv6Block.parse(a).normalized();
        Ipv6Block second = Ipv6Block.parse(b).normalized();
        String explanation;
        if (first.equals(second)) {
            explanation = first + " and " + second + " are the same range (" + span6(first) + ")";
        } else if (first.contains(second)) {
            explanation = first + " contains " + second + " entirely";
        } else if (second.contains(first)) {
            explanation = second + " contains " + first + " entirely";
        } else {
            explanation = first + " (" + span6(first) + ") and " + second + " (" + span6(second)
                    + ") do not overlap";
        }
        return new Overlap(first.toString(), second.toString(), first.overlaps(second), explanation);
    }

    static String span6(Ipv6Block block) {
        return block.network() + " – " + block.top();
    }

    static String span(Cidr block) {
        return block.network() + " – " + block.broadcast();
    }
}
