package netshell.exercise;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import netshell.command.Args;
import netshell.command.CommandCall;
import netshell.command.CommandFailed;
import netshell.command.CommandOutcome;
import netshell.command.CommandSpec;
import netshell.command.Context;
import netshell.command.DataView;
import netshell.command.Param;
import netshell.command.Session;
import netshell.command.Verb;
import netshell.core.BadInput;
import netshell.exercise.plan.Check;
import netshell.exercise.plan.CheckResult;
import netshell.exercise.plan.Exercise;
import netshell.exercise.plan.ExerciseGrade;
import netshell.exercise.plan.Grading;
import netshell.exercise.plan.Plant;

/**
 * {@code exercise start|check|hint|solution|solve|stop} and {@code grade DIR}: an exercise file sets the lab up with
 * netshell lines, plants its faults without showing them, and grades the lab with its checks.
 */
public final class ExerciseCommands {
    private ExerciseCommands() {}

    public static CommandSpec spec() {
        Param file = Param.positional("file", "the exercise, e.g. scripts/exercises/mtu.groovy").completes("exercise");
        return CommandSpec.of("exercise", "exercises that grade themselves: set up, plant faults, hint, check",
                Verb.of("start", "set the exercise up, plant its faults (not shown) and say the goal",
                        ExerciseCommands::start, file)
                        .details("""
                                Runs the file's set-up lines as the prompt would (commands and node commands), plants
                                its faults with 'fault inject' (journaled like every change; 'fault ls' shows them, the
                                exercise does not), and remembers the exercise for this target, so that 'exercise
                                check' in another shell grades the same one. An exercise under way is stopped first.
                                The file reads: exercise { title '…'; goal '…'; setup { run 'LINE' … };
                                plant 'KIND', on: 'NODE'; hint '…'; check 'pingall'; check 'curl VIP:PORT';
                                check 'trace FROM TO'; check 'doctor clean'; solution { run 'LINE' … } }."""),
                Verb.of("check", "run the exercise's checks: PASS or FAIL for each (exit 1 when one fails)",
                        ExerciseCommands::check)
                        .details("""
                                pingall passes when every pair is reached; curl VIP:PORT when every one of its
                                requests through the VIP is answered (lb test, 10 requests); trace FROM TO when trace
                                --simulate says ALLOWED; doctor when doctor fails no check. Exit 0 all passed, 1 some
                                failed, 2 a check could not run."""),
                Verb.of("hint", "the next hint", ExerciseCommands::hint).local(),
                Verb.of("solution", "show the lines that solve the exercise", ExerciseCommands::solution).local(),
                Verb.of("solve", "run the solution's lines (for teachers and tests)", ExerciseCommands::solve),
                Verb.of("stop", "clear the exercise's faults that are still planted and forget it",
                        ExerciseCommands::stop));
    }

    public static CommandSpec grade() {
        return CommandSpec.of("grade", "run every exercise's checks in DIR against the lab as it is",
                Verb.of("", "each exercise's checks, PASS or FAIL; exit 0 all passed, 1 some failed, 2 could not run",
                        ExerciseCommands::grade,
                        Param.positional("dir", "a directory of exercises (scripts/exercises) or one file")
                                .completes("exercise"))
                        .details("""
                                Nothing is set up or planted: the lab is graded as it is, as netlab validate does.
                                An exercise that cannot be read, or a check whose command cannot run, makes the
                                grade unknown: exit 2, whatever else failed. --json gives each exercise's status
                                and checks."""));
    }

    /** Tab's values for an exercise file. */
    public static List<String> completions() {
        return ExerciseFiles.completions();
    }

    // ---- start and stop

    static Object start(Args a, Context ctx) {
        refuseDryRun(ctx, "start");
        Session s = ctx.session();
        Path file = Path.of(a.get("file")).toAbsolutePath().normalize();
        Exercise ex = ExerciseFiles.load(s, file);
        List<String> notes = new ArrayList<>();
        ExerciseState.load(s).ifPresent(prev -> notes.add(stop(s, prev).text()));
        int n = 0;
        for (String line : ex.setup()) {
            n++;
            String failure = runLine(s, line);
            if (failure != null)
                throw new CommandFailed("set-up line " + n + " of " + file.getFileName() + " (" + line + "): "
                        + failure);
        }
        List<Integer> faults = new ArrayList<>();
        new ExerciseState(file.toString(), faults, 0).save(s);
        int planted = 0;
        for (Plant p : ex.plants()) {
            planted++;
            Object r = call(s, p.words());
            if (r instanceof CommandOutcome o && o.failed())
                throw new CommandFailed("fault " + planted + " of " + ex.plants().size() + " could not be planted: "
                        + o.failureSummary());
            if (DataView.of(r) instanceof Map<?, ?> m && m.get("id") instanceof Number id) faults.add(id.intValue());
            new ExerciseState(file.toString(), faults, 0).save(s);
        }
        return new ExerciseResults.Started(ex.name(), ex.title(), ex.goal(), ex.setup().size(), ex.plants().size(),
                ex.hints().size(), ex.checks().stream().map(Check::text).toList(), notes);
    }

    static Object stop(Args a, Context ctx) {
        ExerciseState st = current(ctx.session());
        refuseDryRun(ctx, "stop");
        return stop(ctx.session(), st);
    }

    /** Clears each fault of the exercise still planted, newest first, one by one, and forgets the exercise. */
    private static ExerciseResults.Stopped stop(Session s, ExerciseState st) {
        List<Integer> planted = plantedIds(s);
        List<Integer> cleared = new ArrayList<>();
        Map<Integer, String> notCleared = new LinkedHashMap<>();
        List<Integer> newestFirst = new ArrayList<>(st.faults());
        java.util.Collections.reverse(newestFirst);
        for (int id : newestFirst) {
            if (!planted.contains(id)) continue;
            try {
                Object r = CommandCall.run(s, List.of("fault", "clear", String.valueOf(id)));
                if (r instanceof CommandOutcome o && o.failed())
                    notCleared.put(id, o.failureSummary()
                            + " (fixed by hand? 'fault ls' still lists it)");
                else
                    cleared.add(id);
            } catch (Exception e) {
                notCleared.put(id, oneLine(e));
            }
        }
        ExerciseState.forget(s);
        return new ExerciseResults.Stopped(Path.of(st.file()).getFileName().toString().replaceFirst("\\.groovy$", ""),
                cleared, notCleared);
    }

    private static List<Integer> plantedIds(Session s) {
        List<Integer> out = new ArrayList<>();
        if (DataView.of(call(s, List.of("fault", "ls"))) instanceof List<?> rows) {
            for (Object r : rows)
                if (r instanceof Map<?, ?> m && m.get("id") instanceof Number id) out.add(id.intValue());
        }
        return out;
    }

    // ---- check, hint, solution, solve

    static Object check(Args a, Context ctx) throws InterruptedException {
        Session s = ctx.session();
        ExerciseState st = current(s);
        refuseDryRun(ctx, "check");
        Exercise ex = ExerciseFiles.load(s, Path.of(st.file()));
        return new ExerciseResults.Checked(grade(ex, st.file(), new CheckRunner(s)));
    }

    static Object hint(Args a, Context ctx) {
        Session s = ctx.session();
        ExerciseState st = current(s);
        Exercise ex = ExerciseFiles.load(s, Path.of(st.file()));
        int of = ex.hints().size();
        if (st.hintsShown() >= of) return new ExerciseResults.Hint(ex.name(), of, of, null);
        st.withHintsShown(st.hintsShown() + 1).save(s);
        return new ExerciseResults.Hint(ex.name(), st.hintsShown() + 1, of, ex.hints().get(st.hintsShown()));
    }

    static Object solution(Args a, Context ctx) {
        Session s = ctx.session();
        Exercise ex = ExerciseFiles.load(s, Path.of(current(s).file()));
        return new ExerciseResults.Solution(ex.name(), ex.solution());
    }

    static Object solve(Args a, Context ctx) {
        Session s = ctx.session();
        Exercise ex = ExerciseFiles.load(s, Path.of(current(s).file()));
        refuseDryRun(ctx, "solve");
        if (ex.solution().isEmpty())
            throw new BadInput("exercise solve: " + ex.name() + " has no solution written down");
        List<ExerciseResults.Solved.Ran> ran = new ArrayList<>();
        for (String line : ex.solution()) {
            String failure = runLine(s, line);
            ran.add(new ExerciseResults.Solved.Ran(line, failure == null, failure == null ? "" : failure));
            if (failure != null) break;
        }
        return new ExerciseResults.Solved(ex.name(), ran);
    }

    // ---- grade

    static Object grade(Args a, Context ctx) throws InterruptedException {
        refuseDryRun(ctx, "grade");
        Session s = ctx.session();
        Path dir = Path.of(a.get("dir"));
        CheckRunner runner = new CheckRunner(s);
        List<ExerciseGrade> grades = new ArrayList<>();
        for (Path file : ExerciseFiles.in(dir)) {
            Exercise ex;
            try {
                ex = ExerciseFiles.load(s, file);
            } catch (BadInput e) {
                grades.add(ExerciseGrade.unreadable(file.toString(), e.getMessage()));
                continue;
            }
            grades.add(grade(ex, file.toString(), runner));
        }
        return new ExerciseResults.Graded(new Grading(dir.toString(), grades));
    }

    private static ExerciseGrade grade(Exercise ex, String file, CheckRunner runner) throws InterruptedException {
        List<CheckResult> results = new ArrayList<>();
        for (Check c : ex.checks()) results.add(runner.run(c));
        return new ExerciseGrade(ex.name(), file, results, null);
    }

    // ---- helpers

    private static ExerciseState current(Session s) {
        return ExerciseState.load(s).orElseThrow(
                () -> new BadInput("no exercise under way on this target ('exercise start FILE' starts one)"));
    }

    /** Runs one line of the file as the prompt would; null when it went well, else why not in one line. */
    private static String runLine(Session s, String line) {
        try {
            for (Object r : s.lines().run(line, row -> {})) {
                if (r instanceof CommandOutcome o && o.failed()) return o.failureSummary();
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailed("interrupted");
        } catch (Exception e) {
            return oneLine(e);
        }
    }

    private static Object call(Session s, List<String> words) {
        try {
            return CommandCall.run(s, words);
        } catch (BadInput | CommandFailed e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailed("interrupted");
        } catch (Exception e) {
            throw new CommandFailed(String.join(" ", words) + ": " + oneLine(e), e);
        }
    }

    private static void refuseDryRun(Context ctx, String verb) {
        ctx.session().target(); // a dry-run target is known once the target is made
        if (ctx.dryRun())
            throw new BadInput((verb.equals("grade") ? "grade" : "exercise " + verb) + " runs for real on the nodes;"
                    + " it has no dry run ('exercise solution' shows the solution's lines)");
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
