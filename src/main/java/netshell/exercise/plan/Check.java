package netshell.exercise.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import netshell.core.BadInput;
import netshell.core.Suggest;

/**
 * A check, written as one line ({@code pingall --overlay}, {@code curl 10.0.0.40:80}, {@code trace web1 web2:80},
 * {@code doctor clean}): the command it runs and how that command's typed result is judged.
 * <ul>
 * <li>{@code pingall [OPTIONS]}: passes when every pair is reached (pingall's own exit status).</li>
 * <li>{@code curl VIP:PORT [--from NODE] [--requests N]}: N HTTP requests through the VIP ({@code lb test}, 10 by
 * default), passes when every one is answered.</li>
 * <li>{@code trace FROM TO[:PORT] [OPTIONS]}: {@code trace … --simulate}, passes when the verdict is ALLOWED.</li>
 * <li>{@code doctor [clean] [--on SEL]}: passes when doctor fails no check (warnings do not fail it).</li>
 * </ul>
 */
public record Check(Kind kind, String text, List<String> words) {
    public enum Kind { PINGALL, CURL, TRACE, DOCTOR }

    /** How many requests {@code curl} makes when not told: enough that a dead backend of three all but surely shows. */
    public static final int REQUESTS = 10;
    static final String NO_ANSWER = "(no answer)";

    public Check {
        words = List.copyOf(words);
    }

    private static final List<String> KINDS = List.of("pingall", "curl", "trace", "doctor");

    /** Reads a check's line; a wrong one is one line saying what is expected. */
    public static Check parse(String line) {
        String text = line == null ? "" : line.strip().replaceAll("\\s+", " ");
        if (text.isEmpty()) throw new BadInput("an empty check (one of: " + String.join(", ", KINDS) + ")");
        List<String> w = List.of(text.split(" "));
        List<String> rest = w.subList(1, w.size());
        return switch (w.get(0)) {
            case "pingall" -> new Check(Kind.PINGALL, text, w);
            case "curl" -> curl(text, rest);
            case "trace" -> trace(text, rest);
            case "doctor" -> doctor(text, rest);
            default -> throw new BadInput("check '" + text + "': no check '" + w.get(0) + "'"
                    + Suggest.didYouMean(w.get(0), KINDS) + " (one of: " + String.join(", ", KINDS) + ")");
        };
    }

    private static Check curl(String text, List<String> rest) {
        String vip = null, from = null, requests = String.valueOf(REQUESTS);
        for (int i = 0; i < rest.size(); i++) {
            String w = rest.get(i);
            if ((w.equals("--from") || w.equals("--requests")) && i + 1 < rest.size()) {
                if (w.equals("--from")) from = rest.get(++i);
                else
                    requests = rest.get(++i);
            } else if (!w.startsWith("-") && vip == null) {
                vip = w;
            } else {
                throw new BadInput("check '" + text + "': expected curl VIP:PORT [--from NODE] [--requests N]");
            }
        }
        if (vip == null || !vip.matches(".+:\\d{1,5}"))
            throw new BadInput("check '" + text + "': curl needs the VIP with its port (curl 10.0.0.40:80)");
        if (!requests.matches("[1-9]\\d{0,3}"))
            throw new BadInput("check '" + text + "': --requests must be a number from 1 to 9999");
        List<String> words = new ArrayList<>(List.of("lb", "test", vip, "--n", requests));
        if (from != null) words.addAll(List.of("--from", from));
        return new Check(Kind.CURL, text, words);
    }

    private static Check trace(String text, List<String> rest) {
        if (rest.stream().filter(x -> !x.startsWith("-")).count() < 2)
            throw new BadInput("check '" + text + "': trace needs FROM and TO (trace web1 web2:80)");
        List<String> words = new ArrayList<>(List.of("trace"));
        words.addAll(rest);
        if (!rest.contains("--simulate")) words.add("--simulate");
        return new Check(Kind.TRACE, text, words);
    }

    private static Check doctor(String text, List<String> rest) {
        List<String> words = new ArrayList<>(List.of("doctor"));
        for (String w : rest) if (!w.equals("clean")) words.add(w);
        if (words.contains("--fix")) throw new BadInput("check '" + text + "': a check changes nothing (no --fix)");
        return new Check(Kind.DOCTOR, text, words);
    }

    /** The verdict on what the check's command gave. */
    public CheckResult judge(Observed o) {
        return switch (kind) {
            case PINGALL -> o.failed() ? fail(o.summary()) : pass("every pair reached");
            case DOCTOR -> o.failed() ? fail(o.summary()) : pass("no check fails");
            case CURL -> curl(o.data());
            case TRACE -> trace(o.data());
        };
    }

    private CheckResult curl(Object data) {
        if (!(data instanceof Map<?, ?> m) || !(m.get("rows") instanceof List<?> rows))
            return CheckResult.error(text, "lb test gave no answers to read");
        long asked = number(m.get("requests")), unanswered = 0;
        List<String> answered = new ArrayList<>();
        for (Object r : rows) {
            if (!(r instanceof Map<?, ?> row)) continue;
            String answer = String.valueOf(row.get("answer"));
            long count = number(row.get("count"));
            if (answer.startsWith(NO_ANSWER)) unanswered += count;
            else
                answered.add(answer + " ×" + count);
        }
        if (asked == 0) return fail("no request was made");
        if (unanswered > 0)
            return fail(unanswered + " of " + asked + " requests through " + words.get(2) + " were not answered");
        return pass(asked + " of " + asked + " answered (" + String.join(", ", answered) + ")");
    }

    private CheckResult trace(Object data) {
        if (!(data instanceof Map<?, ?> m)) return CheckResult.error(text, "trace gave no verdict to read");
        Object verdict = m.get("verdict");
        if ("ALLOWED".equals(verdict)) return pass("ALLOWED");
        if (m.get("dropAt") instanceof Map<?, ?> d)
            return fail(verdict + " at " + d.get("at") + ", " + d.get("phase") + ": " + d.get("reason"));
        return fail(String.valueOf(verdict));
    }

    private CheckResult pass(String why) { return new CheckResult(text, CheckResult.Status.PASS, why); }

    private CheckResult fail(String why) { return new CheckResult(text, CheckResult.Status.FAIL, why); }

    private static long number(Object v) {
        if (v instanceof Number n) return n.longValue();
        try {
            return v == null ? 0 : Long.parseLong(String.valueOf(v));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
