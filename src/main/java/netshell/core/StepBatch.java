package netshell.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Groups a node's steps into runs that one process can carry: consecutive {@code ip OBJECT …} steps become one
 * {@code ip -batch -}, consecutive {@code bridge OBJECT …} steps one {@code bridge -batch -}. Both tools stop at
 * the first failing line and say which ("Command failed -:N"), so a failure still names its step and the steps
 * before it are known to have run. Everything else (stdin, global options, words the batch reader would split)
 * runs alone, as it is.
 */
public final class StepBatch {
    /** ip/bridge objects whose commands change state and read nothing from a terminal. */
    private static final Set<String> IP_OBJECTS = Set.of("link", "addr", "address", "route", "neigh", "neighbour",
            "rule");
    private static final Set<String> BRIDGE_OBJECTS = Set.of("fdb", "link", "vlan", "mdb");
    private static final Pattern FAILED_LINE = Pattern.compile("Command failed -:(\\d+)");
    /** Words the batch reader takes as they are: no quoting, no comments, no blanks. */
    private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_.:/@+,=%-]+");

    private StepBatch() {}

    /**
     * Steps {@code first .. first+steps.size()-1} of a node's plan; {@code tool} is "ip" or "bridge" when they
     * run as one batch, null for a single step run as it is.
     */
    public record Run(String tool, int first, List<Step> steps) {
        public Run {
            steps = List.copyOf(steps);
        }

        public boolean batched() { return tool != null; }

        /** The argv that runs this run: the step's own, or {@code TOOL -batch -}. */
        public List<String> argv() {
            return batched() ? List.of(tool, "-batch", "-") : steps.get(0).argv();
        }

        /** The text fed to the batch (one command per line, the tool name left out), or the step's own stdin. */
        public String stdin() {
            if (!batched()) return steps.get(0).stdin();
            StringBuilder sb = new StringBuilder();
            for (Step s : steps) sb.append(String.join(" ", s.argv().subList(1, s.argv().size()))).append('\n');
            return sb.toString();
        }

        /**
         * How many of this run's steps ran before the one that failed, from the tool's error output: the batch
         * line it names, minus one. Without that line, none is assumed to have run (undo stays conservative).
         */
        public int appliedBeforeFailure(String stderr) {
            if (!batched()) return 0;
            Matcher m = FAILED_LINE.matcher(stderr == null ? "" : stderr);
            if (!m.find()) return 0;
            int line = Integer.parseInt(m.group(1));
            return Math.max(0, Math.min(steps.size() - 1, line - 1));
        }

        /** The tool's own error for the failed line: its first line that is not "Command failed -:N". */
        public static String errorText(String stderr, String fallback) {
            if (stderr == null) return fallback;
            Optional<String> line = stderr.strip().lines().filter(l -> !FAILED_LINE.matcher(l).find())
                    .filter(l -> !l.isBlank()).findFirst();
            return line.orElse(fallback);
        }
    }

    /** The runs for one node's steps, in order; a lone batchable step still runs as itself. */
    public static List<Run> runs(List<Step> steps) {
        List<Run> out = new ArrayList<>();
        int i = 0;
        while (i < steps.size()) {
            String tool = batchTool(steps.get(i));
            int j = i + 1;
            if (tool != null) while (j < steps.size() && tool.equals(batchTool(steps.get(j)))) j++;
            if (j - i > 1) out.add(new Run(tool, i, steps.subList(i, j)));
            else
                out.add(new Run(null, i, List.of(steps.get(i))));
            i = j;
        }
        return out;
    }

    /** "ip" or "bridge" when the step can be one line of that tool's batch, else null. */
    static String batchTool(Step s) {
        List<String> a = s.argv();
        if (s.stdin() != null || a.size() < 3) return null;
        if (!a.stream().allMatch(w -> PLAIN_WORD.matcher(w).matches())) return null;
        String object = a.get(1);
        if (a.get(0).equals("ip") && IP_OBJECTS.contains(object)) return "ip";
        if (a.get(0).equals("bridge") && BRIDGE_OBJECTS.contains(object)) return "bridge";
        return null;
    }
}
