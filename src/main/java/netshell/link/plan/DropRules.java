package netshell.link.plan;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * netshell's nftables table of random drops ({@code table inet netshell_link}): one postrouting chain per impaired
 * interface ({@code out_IFACE}), holding a loss rule and a corruption rule, each a {@code numgen random} drop of what
 * leaves by that interface. Read back from {@code nft list table inet netshell_link}; a table that is not there has
 * no chains.
 *
 * @param exists whether the table is there
 * @param chains each impaired interface → its chain's name
 * @param drops  each impaired interface → the loss and corruption its rules drop
 */
public record DropRules(boolean exists, Map<String, String> chains, Map<String, Impairment> drops) {
    public static final DropRules NONE = new DropRules(false, Map.of(), Map.of());

    private static final Pattern CHAIN = Pattern.compile("^\\s*chain out_([A-Za-z0-9_.-]+) \\{");
    private static final Pattern RULE = Pattern.compile(
            "numgen random mod 1000000 < (\\d{1,7}) .*drop comment \"(loss|corrupt) [0-9.]+%\"");

    public DropRules {
        chains = Map.copyOf(chains);
        drops = Map.copyOf(drops);
    }

    /** The table as {@code nft list table} printed it; empty text: no table. */
    public static DropRules parse(String text) {
        if (text.isBlank()) return NONE;
        Map<String, String> chains = new LinkedHashMap<>();
        Map<String, Impairment> drops = new LinkedHashMap<>();
        String dev = null;
        for (String line : text.split("\n")) {
            Matcher c = CHAIN.matcher(line);
            if (c.find()) {
                dev = c.group(1);
                chains.put(dev, "out_" + dev);
                drops.put(dev, Impairment.NONE);
                continue;
            }
            if (line.matches("\\s*chain .*")) dev = null; // not one of netshell's chains
            Matcher r = RULE.matcher(line);
            if (dev != null && r.find()) {
                int ppm = Integer.parseInt(r.group(1));
                Impairment had = drops.get(dev);
                drops.put(dev, r.group(2).equals("loss")
                        ? new Impairment(0, 0, ppm, had.corruptPpm(), 0)
                        : new Impairment(0, 0, had.lossPpm(), ppm, 0));
            }
        }
        return new DropRules(true, chains, drops);
    }
}
