package netshell.lb.rules;

import java.util.Arrays;
import java.util.Locale;

/** How a node's services are programmed: iptables chains (the default, as the walkthroughs teach) or an nft table. */
public enum LbMode {
    IPTABLES, NFT;

    public static final LbMode DEFAULT = IPTABLES;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean is(String word) {
        return label().equals(word);
    }

    public static String[] labels() {
        return Arrays.stream(values()).map(LbMode::label).toArray(String[]::new);
    }
}
