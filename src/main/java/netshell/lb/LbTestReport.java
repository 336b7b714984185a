package netshell.lb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;

import netshell.command.Displayable;
import netshell.lb.rules.ChiSquare;

/**
 * `lb test`: which backend answered how often, and Pearson's χ² p-value against an even split over
 * the service's N backends (backends that never answered count as 0). A p-value below 0.001 says
 * the split is very unlikely to be even.
 */
record LbTestReport(String service, String from, int requests, List<Row> rows, int backends,
        double pValue) implements Displayable {

    record Row(String answer, long count, double fraction) {
        Row {
            fraction = LbReport.ratio(fraction);
        }
    }

    static LbTestReport of(String service, String from, List<String> answers, int backends) {
        var counts = new LinkedHashMap<String, Long>();
        answers.stream().sorted().forEach(a -> counts.merge(a, 1L, Long::sum));
        var rows = new ArrayList<Row>();
        counts.forEach((a, c) -> rows.add(new Row(a, c, answers.isEmpty() ? 0 : (double) c / answers.size())));
        long[] observed = new long[Math.max(backends, 2)];
        int i = 0;
        for (var e : counts.entrySet()) {
            if (e.getKey().startsWith(LbProbe.NO_ANSWER)) continue;
            if (i < observed.length) observed[i++] = e.getValue();
        }
        double p = answered(observed) ? ChiSquare.pValue(observed) : 0;
        return new LbTestReport(service, from, answers.size(), rows, backends, p);
    }

    private static boolean answered(long[] observed) {
        for (long o : observed) if (o > 0) return true;
        return false;
    }

    @Override
    public String text() {
        var sb = new StringBuilder(String.format(Locale.ROOT, "%d requests to %s from %s, %d backends%n", requests,
                service, from, backends));
        int width = rows.stream().mapToInt(r -> r.answer().length()).max().orElse(6);
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "  %-" + width + "s %6d  %s %s%n", r.answer(), r.count(),
                    LbReport.bar(r.fraction()),
                    LbReport.percent(r.fraction())));
        }
        sb.append(String.format(Locale.ROOT, "χ² p-value against an even split: %.4g %s", pValue,
                pValue >= 0.001 ? "(consistent with even)" : "(NOT even)"));
        return sb.toString();
    }

    @Override
    public Object data() { return this; }
}
