package netshell.trouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import netshell.app.LiveCompletions;
import netshell.command.CommandSpec;
import netshell.command.Param;
import netshell.command.Verb;
import netshell.shell.ShellCompleter;
import netshell.testing.NeedsRoot;
import netshell.testing.TestShell;
import netshell.testing.TestTimeouts;

/**
 * Tab tells the truth: in a lab with an overlay, two containers and a VIP, every value every live completion
 * source offers for a parameter is fed back to the command it was offered for (a dry run where the command
 * changes nodes) and must be accepted.
 */
@NeedsRoot
class CompletionTruthLabTest {
    /**
     * Commands whose values are files, session switches or the change journal: nothing live to offer; and link,
     * whose free words (a form and endpoints, in either order) LinkLabTest feeds back itself.
     */
    static final Set<String> SKIPPED = Set.of("lab", "record", "inventory", "confirm", "changes", "undo", "help",
            "time", "script", "explain", "dry-run", "tailtip", "link");

    static TestShell shell;
    static LiveCompletions live;

    @BeforeAll
    static void up() throws Exception {
        shell = TestShell.lab("nsct", 2);
        for (String line : List.of("overlay create 10.0.0.0/24", "container run web1 --on node1",
                "container run web2 --on node2",
                "lb add-vip 192.168.56.100:80 --backend 10.0.0.65:80 10.0.0.129:80")) {
            TestShell.Run r = shell.run(line);
            assertEquals(0, r.status(), line + ": " + r.err());
        }
        live = LiveCompletions.attach(shell.session(), Duration.ofHours(1));
        assertTrue(live.refreshAndWait(TestTimeouts.scaled(Duration.ofSeconds(60))), "every node read");
    }

    @AfterAll
    static void down() {
        if (live != null) live.close();
        if (shell != null) shell.close();
    }

    /**
     * Each value a source offers for a parameter, fed back with the command's other required parameters filled
     * from their own sources (the first filling that works): the command takes it (a dry run where it changes
     * nodes), or at least does not refuse it by name (lb test has no dry run; pingall --on node1 has one node).
     */
    @Test
    void everyOfferedValueIsAccepted() {
        var completions = shell.session().completions();
        Set<String> walked = new TreeSet<>();
        List<String> refused = new ArrayList<>();
        int fed = 0;
        for (CommandSpec spec : shell.session().registry().all()) {
            if (SKIPPED.contains(spec.name())) continue;
            for (Verb verb : spec.verbs()) {
                for (Param p : verb.params()) {
                    String source = p.completion();
                    // Node names and selectors are the fleet's own names: the selector test below feeds them back.
                    if (source == null || Set.of("file", "node", "selector").contains(source)) continue;
                    walked.add(source);
                    for (String value : completions.values(source)) {
                        fed++;
                        String problem = null;
                        for (String line : lines(spec, verb, p, value)) {
                            TestShell.Run r = shell.run(line);
                            if (r.status() == 0 || !names(r.err(), value)) {
                                problem = null;
                                break;
                            }
                            problem = line + " → " + r.err().strip();
                        }
                        if (problem != null) refused.add(problem);
                    }
                }
            }
        }
        System.out.println("fed " + fed + " offered values back from sources " + walked);
        assertTrue(walked.containsAll(Set.of("underlay", "bridge", "vip", "container", "vni", "capture",
                "endpoint")), walked.toString());
        for (String source : List.of("container", "vip", "vni", "underlay", "bridge")) {
            assertTrue(!completions.values(source).isEmpty(), "the lab offers values for " + source);
        }
        assertTrue(completions.values("container").containsAll(List.of("web1", "web2")),
                completions.values("container").toString());
        assertEquals(List.of(), refused);
    }

    @Test
    void everyOfferedNodeAndSelectorIsAccepted() {
        var completions = shell.session().completions();
        List<String> values = new ArrayList<>(completions.values("node"));
        values.addAll(completions.values("selector"));
        assertTrue(values.containsAll(List.of("node1", "node2", "all")), values.toString());
        for (String v : values) {
            TestShell.Run r = shell.run("on --dry-run " + v + " true");
            assertEquals(0, r.status(), v + ": " + r.err());
            assertEquals(0, shell.run("nodes --on " + v).status(), v);
        }
    }

    static boolean names(String error, String value) {
        return java.util.regex.Pattern.compile("(^|[^\\w.:-])" + java.util.regex.Pattern.quote(value) + "($|[^\\w.:-])")
                .matcher(error).find();
    }

    @Test
    void anEmptyWordOffersLiveValuesFirst() {
        ShellCompleter c = new ShellCompleter(shell.session());
        List<ShellCompleter.Suggestion> rm = c.suggest(List.of("container", "rm"));
        assertEquals("web1", rm.get(0).value(), rm.toString());
        List<ShellCompleter.Suggestion> delete = c.suggest(List.of("lb", "delete"));
        assertEquals("192.168.56.100:80", delete.get(0).value(), delete.toString());
        List<String> show = c.suggest(List.of("lb", "show")).stream().map(ShellCompleter.Suggestion::value).toList();
        assertTrue(!show.contains("--confirm") && show.contains("--json"), show.toString());
        List<String> capture = c.suggest(List.of("tcpdump", "vxlan")).stream().map(ShellCompleter.Suggestion::value)
                .toList();
        assertTrue(!capture.contains("--confirm"), capture.toString());
    }

    /**
     * The verb's words with {@code value} for {@code p}, each other required parameter from its own source (every
     * value in turn, for the first parameter that has several) or a fresh name where it has none.
     */
    static List<String> lines(CommandSpec spec, Verb verb, Param p, String value) {
        var completions = shell.session().completions();
        List<List<String>> choices = new ArrayList<>();
        List<Param> params = new ArrayList<>();
        for (Param q : verb.params()) {
            if (q == p) {
                choices.add(List.of(value));
            } else if (q.required() && q.kind() != Param.Kind.REST) {
                List<String> own = q.completion() == null ? List.of() : completions.values(q.completion());
                choices.add(!own.isEmpty() ? own : !q.choices().isEmpty() ? q.choices() : List.of("probe1"));
            } else {
                continue;
            }
            params.add(q);
        }
        List<String> out = new ArrayList<>();
        int varying = -1;
        for (int i = 0; i < choices.size(); i++) if (varying < 0 && choices.get(i).size() > 1) varying = i;
        int tries = varying < 0 ? 1 : choices.get(varying).size();
        for (int t = 0; t < tries; t++) {
            List<String> words = new ArrayList<>(List.of(spec.name()));
            if (spec.hasSubcommands()) words.add(verb.name());
            if (!verb.runsNothing()) words.add("--dry-run");
            List<String> positionals = new ArrayList<>();
            for (int i = 0; i < params.size(); i++) {
                List<String> c = choices.get(i);
                String v = i == varying ? c.get(t) : c.get(0);
                if (params.get(i).isOption()) {
                    words.add("--" + params.get(i).name());
                    words.add(v);
                } else {
                    positionals.add(v);
                }
            }
            words.addAll(positionals);
            if (verb.positionals().stream().anyMatch(q -> q.kind() == Param.Kind.REST)) words.add("true");
            out.add(String.join(" ", words));
        }
        return out;
    }
}
