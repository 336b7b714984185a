package netshell.link.plan;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import netshell.core.BadInput;

/**
 * What degrades one direction of a link, in whole units so that text and golden lines stay exact: delay and jitter
 * in microseconds, loss and corruption in parts per million, rate in bits per second (0: not impaired that way).
 */
public record Impairment(long delayUs, long jitterUs, int lossPpm, int corruptPpm, long rateBits) {
    public static final Impairment NONE = new Impairment(0, 0, 0, 0, 0);

    private static final Pattern TIME = Pattern.compile("(\\d{1,9}(?:\\.\\d{1,3})?)(us|ms|s)");
    private static final Pattern PERCENT = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,4})?)%?");
    private static final Pattern RATE = Pattern.compile("(\\d{1,9}(?:\\.\\d{1,3})?)([kmg]?)(bit|bps)",
            Pattern.CASE_INSENSITIVE);

    public boolean none() { return equals(NONE); }

    /** Needs netem: only netem delays packets. */
    public boolean delays() { return delayUs > 0 || jitterUs > 0; }

    /** Dropped at random: loss, and corruption (a corrupted packet fails its checksum and is dropped all the same). */
    public boolean drops() {
        return lossPpm > 0 || corruptPpm > 0;
    }

    /**
     * The options as typed ({@code --delay 50ms --loss 1% --rate 10mbit}), each null when not given; one line
     * naming the option when a value is not understood.
     */
    public static Impairment parse(String delay, String jitter, String loss, String corrupt, String rate) {
        Impairment i = new Impairment(time("delay", delay), time("jitter", jitter), percent("loss", loss),
                percent("corrupt", corrupt), rate(rate));
        if (i.jitterUs > 0 && i.delayUs == 0) throw new BadInput("impair: --jitter varies a delay: give --delay");
        if (i.jitterUs > i.delayUs)
            throw new BadInput("impair: --jitter " + jitter + " is more than --delay " + delay);
        return i;
    }

    /** A time as tc writes it (50ms, 200us, 1.5s) in microseconds; one line naming {@code option} when it is not. */
    public static long time(String option, String text) {
        if (text == null) return 0;
        Matcher m = TIME.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches())
            throw new BadInput("--" + option + " is a time like 50ms, 200us or 1s, not '" + text + "'");
        BigDecimal scale = switch (m.group(2)) {
            case "us" -> BigDecimal.ONE;
            case "ms" -> BigDecimal.valueOf(1_000);
            default -> BigDecimal.valueOf(1_000_000);
        };
        BigDecimal us = new BigDecimal(m.group(1)).multiply(scale);
        if (us.compareTo(BigDecimal.valueOf(60_000_000)) > 0)
            throw new BadInput("--" + option + " " + text + " is more than a minute");
        return us.longValue();
    }

    static int percent(String option, String text) {
        if (text == null) return 0;
        Matcher m = PERCENT.matcher(text.strip());
        BigDecimal p = m.matches() ? new BigDecimal(m.group(1)) : null;
        if (p == null || p.compareTo(BigDecimal.valueOf(100)) > 0)
            throw new BadInput("impair: --" + option + " is a share from 0% to 100%, like 1% or 0.1%, not '"
                    + text + "'");
        return p.multiply(BigDecimal.valueOf(10_000)).intValue();
    }

    static long rate(String text) {
        if (text == null) return 0;
        Matcher m = RATE.matcher(text.strip());
        if (!m.matches())
            throw new BadInput("impair: --rate is a rate as tc writes it, like 10mbit, 500kbit or 1gbit (bps:"
                    + " bytes per second), not '" + text + "'");
        long unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 1_000L;
            case "m" -> 1_000_000L;
            case "g" -> 1_000_000_000L;
            default -> 1L;
        };
        if (m.group(3).equalsIgnoreCase("bps")) unit *= 8;
        long bits = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)).longValue();
        if (bits < 8_000 || bits > 100_000_000_000L)
            throw new BadInput("impair: --rate " + text + " is outside 8kbit to 100gbit");
        return bits;
    }

    // ---- as tc and people write them

    /** 50000 → "50ms", 1500 → "1500us", 1000000 → "1s". */
    public static String timeText(long us) {
        if (us % 1_000_000 == 0) return us / 1_000_000 + "s";
        if (us % 1_000 == 0) return us / 1_000 + "ms";
        return us + "us";
    }

    /** 10000 → "1%", 1000 → "0.1%". */
    public static String percentText(int ppm) {
        return BigDecimal.valueOf(ppm).divide(BigDecimal.valueOf(10_000)).stripTrailingZeros().toPlainString() + "%";
    }

    /** 10000000 → "10mbit", 1500000 → "1500kbit". */
    public static String rateText(long bits) {
        if (bits % 1_000_000_000L == 0) return bits / 1_000_000_000L + "gbit";
        if (bits % 1_000_000L == 0) return bits / 1_000_000L + "mbit";
        if (bits % 1_000L == 0) return bits / 1_000L + "kbit";
        return bits + "bit";
    }

    /** "delay 50ms jitter 5ms loss 1% rate 10mbit", or "-" when nothing is set. */
    public String text() {
        List<String> out = new ArrayList<>();
        if (delayUs > 0) out.add("delay " + timeText(delayUs));
        if (jitterUs > 0) out.add("jitter " + timeText(jitterUs));
        if (lossPpm > 0) out.add("loss " + percentText(lossPpm));
        if (corruptPpm > 0) out.add("corrupt " + percentText(corruptPpm));
        if (rateBits > 0) out.add("rate " + rateText(rateBits));
        return out.isEmpty() ? "-" : String.join(" ", out);
    }

    /** This impairment with what {@code other} sets added (a qdisc's and the drop rules' parts of one interface). */
    Impairment with(Impairment other) {
        return new Impairment(Math.max(delayUs, other.delayUs), Math.max(jitterUs, other.jitterUs),
                Math.max(lossPpm, other.lossPpm), Math.max(corruptPpm, other.corruptPpm),
                Math.max(rateBits, other.rateBits));
    }
}
