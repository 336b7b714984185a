package netshell.link.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An interface's root qdisc as {@code tc qdisc show} prints it: its kind, its handle ("0:" for the kernel's
 * default) and its options as tc takes them back ({@code rate 10Mbit burst 12500b lat 50ms}; netem's random seed
 * left out). Read from a node, so every option word is held to plain characters before it may reach an argv.
 *
 * @param dev    the interface
 * @param kind   tbf, netem, noqueue, fq_codel …
 * @param handle "8001:", or "0:" for the qdisc the kernel gave the interface
 * @param args   the options, each one word
 */
public record RootQdisc(String dev, String kind, String handle, List<String> args) {
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_.:%+-]+");

    public RootQdisc {
        args = List.copyOf(args);
    }

    /** The kinds netshell sets on a link, and so may replace and remove: tbf (rate) and netem. */
    public boolean impairs() {
        return kind.equals("tbf") || kind.equals("netem");
    }

    /** The kernel's own qdisc (handle 0:), which removing the root qdisc gives back. */
    public boolean isDefault() {
        return handle.equals("0:");
    }

    /** Whether every option word is plain, so the qdisc can be put back as it was. */
    public boolean restorable() {
        return args.stream().allMatch(a -> WORD.matcher(a).matches());
    }

    /** What the qdisc does to the link (netem's delay, jitter, loss, corruption and rate; tbf's rate). */
    public Impairment impairment() {
        if (!impairs()) return Impairment.NONE;
        long delay = 0;
        long jitter = 0;
        int loss = 0;
        int corrupt = 0;
        long rate = 0;
        for (int i = 0; i < args.size() - 1; i++) {
            String next = args.get(i + 1);
            try {
                switch (args.get(i)) {
                    case "delay" -> {
                        delay = Impairment.time("delay", next);
                        if (i + 2 < args.size() && args.get(i + 2).matches("[0-9.]+(us|ms|s)"))
                            jitter = Impairment.time("jitter", args.get(i + 2));
                    }
                    case "loss" -> loss = Impairment.percent("loss", next);
                    case "corrupt" -> corrupt = Impairment.percent("corrupt", next);
                    case "rate" -> rate = Impairment.rate(next);
                    default -> {}
                }
            } catch (IllegalArgumentException unreadable) {
                // a value tc printed in a form not read here: shown as the qdisc's kind alone
            }
        }
        return new Impairment(delay, jitter, loss, corrupt, rate);
    }

    /** Each interface's root qdisc from {@code tc qdisc show} (every device), by interface. */
    public static Map<String, RootQdisc> parse(String text) {
        Map<String, RootQdisc> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String[] w = line.strip().split("\\s+");
            if (w.length < 6 || !w[0].equals("qdisc") || !w[3].equals("dev") || !w[5].equals("root")) continue;
            List<String> args = new ArrayList<>();
            for (int i = 6; i < w.length; i++) {
                if ((w[i].equals("refcnt") || w[i].equals("seed")) && i + 1 < w.length) {
                    i++;
                    continue;
                }
                args.add(w[i]);
            }
            out.put(w[4], new RootQdisc(w[4], w[1], w[2], args));
        }
        return out;
    }
}
