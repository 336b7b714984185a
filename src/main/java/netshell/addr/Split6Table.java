package netshell.addr;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import netshell.addr.math.Ipv6Split;
import netshell.addr.math.SubnetRow;
import netshell.command.Displayable;
import netshell.command.TextTable;

/** `net split` of an IPv6 block: the rows listed, and a line for the parts between head and tail. */
record Split6Table(Ipv6Split split) implements Displayable {

    @Override
    public String text() {
        TextTable table = new TextTable("#", "CIDR", "FIRST", "LAST", "ADDRESSES");
        split.head().forEach(r -> add(table, r));
        if (!split.tail().isEmpty()) {
            table.row("…", "… " + split.omitted() + " more /" + split.prefix() + " …", "", "", "");
            split.tail().forEach(r -> add(table, r));
        }
        String summary = split.whole() + " holds " + split.count() + " /" + split.prefix()
                + (split.count().equals(BigInteger.ONE) ? " block" : " blocks")
                + (split.tail().isEmpty()
                        ? ""
                        : "; the first and last " + split.head().size() + " shown, --all lists all");
        return table + "\n" + summary;
    }

    private static void add(TextTable table, SubnetRow r) {
        table.row(r.index(), r.cidr(), r.first(), r.last(), r.addresses());
    }

    @Override
    public Object data() {
        List<SubnetRow> rows = new ArrayList<>(split.head());
        rows.addAll(split.tail());
        return Map.of("cidr", split.whole(), "prefix", split.prefix(), "count", split.count(),
                "omitted", split.omitted(), "parts", rows);
    }
}
