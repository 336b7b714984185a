package netshell.exercise.plan;

import java.util.List;

/**
 * One exercise: what the learner is told ({@code title}, {@code goal}), the lines that build its lab ({@code setup}),
 * the faults planted without being shown, the hints in order, the checks that grade it and the lines that solve it.
 */
public record Exercise(String name, String title, String goal, List<String> setup, List<Plant> plants,
        List<String> hints, List<Check> checks, List<String> solution) {
    public Exercise {
        setup = List.copyOf(setup);
        plants = List.copyOf(plants);
        hints = List.copyOf(hints);
        checks = List.copyOf(checks);
        solution = List.copyOf(solution);
    }
}
