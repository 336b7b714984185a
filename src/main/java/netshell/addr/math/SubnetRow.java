package netshell.addr.math;

import java.util.List;

/** One line of the `net split` table; the component names are the JSON keys. */
public record SubnetRow(String cidr, String network, String first, String last, String broadcast, long usable) {

    public static SubnetRow of(Cidr part) {
        return new SubnetRow(part.toString(), part.network(), part.first(), part.last(), part.broadcast(),
                part.usable());
    }

    public static List<SubnetRow> split(Cidr whole, int parts) {
        return whole.split(parts).stream().map(SubnetRow::of).toList();
    }

    public static List<SubnetRow> splitToPrefix(Cidr whole, int newPrefix) {
        return whole.splitToPrefix(newPrefix).stream().map(SubnetRow::of).toList();
    }
}
