package netshell.exercise.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import netshell.core.BadInput;
import netshell.core.Declared;
import netshell.core.Suggest;

/**
 * Reads an exercise from the calls its file makes:
 *
 * <pre>
 * exercise {
 *     title 'MTU: pings pass, pages stall'
 *     goal '…'
 *     setup { run 'overlay create 10.0.0.0/24'; run 'container run web1 --on node1' }
 *     plant 'mtu', on: 'node2'
 *     hint '…'
 *     check 'pingall --overlay'
 *     solution { run 'node2 ip link set vxlan0 mtu 1450' }
 * }
 * </pre>
 *
 * Each mistake is one line naming the file, the line and what was expected; nothing runs before the whole file reads.
 */
public final class ExerciseReader {
    private static final List<String> WORDS = List.of("name", "title", "goal", "setup", "plant", "hint", "check",
            "solution");

    private ExerciseReader() {}

    /** The exercise {@code file} declares; {@code fallbackName} (the file's name) names it unless it says a name. */
    public static Exercise read(String file, String fallbackName, List<Declared> calls) {
        List<Declared> top = calls.stream().filter(c -> c.name().equals("exercise")).toList();
        if (top.size() != 1 || calls.size() != 1) {
            Declared odd = calls.stream().filter(c -> !c.name().equals("exercise")).findFirst().orElse(null);
            throw new BadInput(where(file, odd) + (odd != null
                    ? "'" + odd.name() + "' outside exercise { … }"
                    : top.isEmpty() ? "no exercise { … } in the file" : "one exercise { … } per file"));
        }
        Declared ex = top.get(0);
        Map<String, String> one = new LinkedHashMap<>();
        List<String> setup = new ArrayList<>(), hints = new ArrayList<>(), solution = new ArrayList<>();
        List<Plant> plants = new ArrayList<>();
        List<Check> checks = new ArrayList<>();
        for (Declared c : ex.body()) {
            switch (c.name()) {
                case "name", "title", "goal" -> {
                    if (one.containsKey(c.name())) throw new BadInput(where(file, c) + c.name() + " given twice");
                    one.put(c.name(), text(file, c));
                }
                case "setup" -> setup.addAll(lines(file, c));
                case "solution" -> solution.addAll(lines(file, c));
                case "hint" -> hints.add(text(file, c));
                case "check" -> {
                    try {
                        checks.add(Check.parse(text(file, c)));
                    } catch (BadInput e) {
                        throw e.getMessage().startsWith(file) ? e : new BadInput(where(file, c) + e.getMessage());
                    }
                }
                case "plant" -> plants.add(plant(file, c));
                default -> throw new BadInput(where(file, c) + "no '" + c.name() + "' in an exercise"
                        + Suggest.didYouMean(c.name(), WORDS) + " (it takes " + String.join(", ", WORDS) + ")");
            }
        }
        if (!one.containsKey("goal")) throw new BadInput(where(file, ex) + "the exercise has no goal");
        if (checks.isEmpty()) throw new BadInput(where(file, ex) + "the exercise has no check");
        String name = one.getOrDefault("name", fallbackName);
        if (!name.matches("[A-Za-z0-9][\\w.-]*"))
            throw new BadInput(where(file, ex) + "the name '" + name + "' is not a word ([A-Za-z0-9_.-])");
        return new Exercise(name, one.getOrDefault("title", name), one.get("goal"), setup, plants, hints, checks,
                solution);
    }

    /** One text value: {@code goal '…'}. */
    private static String text(String file, Declared c) {
        if (c.values().size() != 1 || !c.named().isEmpty() || !c.body().isEmpty() || c.text() == null
                || c.text().isBlank())
            throw new BadInput(where(file, c) + c.name() + " takes one text: " + c.name() + " '…'");
        return c.text().strip();
    }

    /** A block of lines, {@code setup { run '…'; run '…' }}, or the lines as values, {@code setup '…', '…'}. */
    private static List<String> lines(String file, Declared c) {
        List<String> out = new ArrayList<>();
        for (Object v : c.values()) out.add(line(file, c, v));
        for (Declared r : c.body()) {
            if (!r.name().equals("run") || r.values().size() != 1 || !r.named().isEmpty())
                throw new BadInput(where(file, r) + "in " + c.name() + " { … }, each line is run '…' (not "
                        + r.name() + ")");
            out.add(line(file, r, r.values().get(0)));
        }
        if (out.isEmpty()) throw new BadInput(where(file, c) + c.name() + " has no lines");
        return out;
    }

    private static String line(String file, Declared c, Object v) {
        if (!(v instanceof String s) || s.isBlank())
            throw new BadInput(where(file, c) + c.name() + ": a line is a text, not " + v);
        if (s.contains("\n")) throw new BadInput(where(file, c) + c.name() + ": one command per line");
        return s.strip();
    }

    /** {@code plant 'mtu', on: 'node2', mtu: 1400}. */
    private static Plant plant(String file, Declared c) {
        if (c.values().size() != 1 || c.text() == null || !c.text().matches("[a-z][a-z0-9-]*") || !c.body().isEmpty())
            throw new BadInput(where(file, c) + "plant takes the fault's kind: plant 'mtu', on: 'node2'");
        Map<String, String> options = new LinkedHashMap<>();
        String on = null;
        for (var e : c.named().entrySet()) {
            String v = String.valueOf(e.getValue());
            if (!e.getKey().matches("[a-z][a-z0-9-]*") || v.isBlank() || v.startsWith("-") || v.contains(" "))
                throw new BadInput(where(file, c) + "plant: " + e.getKey() + ": '" + v + "' is not one word");
            if (e.getKey().equals("on")) on = v;
            else
                options.put(e.getKey(), v);
        }
        return new Plant(c.text(), on, options);
    }

    private static String where(String file, Declared c) {
        return file + (c != null && c.line() > 0 ? ":" + c.line() : "") + ": ";
    }
}
