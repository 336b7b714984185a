package netshell.exercise.plan;

/**
 * What a check's command gave, as the grader sees any command's typed result: whether it failed (exit 1), its
 * one-line failure summary, and its data as --json shows it (maps, lists, scalars).
 */
public record Observed(boolean failed, String summary, Object data) {}
