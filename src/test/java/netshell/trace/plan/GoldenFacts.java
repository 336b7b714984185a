package netshell.trace.plan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import groovy.json.JsonOutput;
import groovy.json.JsonSlurper;

/**
 * The golden facts of a scenario (src/test/resources/golden/trace/NAME, written by capture.sh from a real lab), with
 * faults made by editing one read of one namespace before it is parsed.
 */
final class GoldenFacts {
    private final Path dir;
    private final Map<String, UnaryOperator<String>> edits = new HashMap<>();

    GoldenFacts(String scenario) {
        this.dir = Path.of("src/test/resources/golden/trace", scenario);
    }

    /** Changes what {@code box}'s {@code read} printed. */
    GoldenFacts edit(String box, String read, UnaryOperator<String> edit) {
        edits.merge(box + "." + read, edit, (a, b) -> s -> b.apply(a.apply(s)));
        return this;
    }

    String read(String box, String read) {
        Path f = dir.resolve(box + "." + read);
        try {
            String text = Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
            return edits.getOrDefault(box + "." + read, UnaryOperator.identity()).apply(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON array without the objects that {@code drop} selects. */
    @SuppressWarnings("unchecked")
    static String without(String json, Predicate<Map<String, Object>> drop) {
        List<Map<String, Object>> items = (List<Map<String, Object>>) new JsonSlurper().parseText(json);
        return JsonOutput.toJson(items.stream().filter(drop.negate()).toList());
    }

    /** The JSON array with {@code edit} applied to each object. */
    @SuppressWarnings("unchecked")
    static String each(String json, Consumer<Map<String, Object>> edit) {
        List<Map<String, Object>> items = (List<Map<String, Object>>) new JsonSlurper().parseText(json);
        items.forEach(edit);
        return JsonOutput.toJson(items);
    }

    /** The JSON array with one more object, given as JSON. */
    @SuppressWarnings("unchecked")
    static String plus(String json, String object) {
        List<Object> items = new ArrayList<>((List<Object>) new JsonSlurper().parseText(json));
        items.add(0, new JsonSlurper().parseText(object));
        return JsonOutput.toJson(items);
    }

    /** Nodes and containers (name to node). */
    List<Box> boxes(List<String> nodes, Map<String, String> containers) {
        List<Box> out = new ArrayList<>();
        for (String n : nodes) out.add(Box.parse(n, n, false, r -> read(n, r)));
        containers.forEach((c, n) -> out.add(Box.parse(c, n, true, r -> read(c, r))));
        return out;
    }
}
