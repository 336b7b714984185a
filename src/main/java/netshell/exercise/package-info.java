/**
 * {@code exercise} and {@code grade}: exercises that grade themselves. An exercise file (Groovy builder syntax, read
 * by the session's declaration reader) sets a lab up with netshell lines, plants faults through {@code fault inject}
 * without showing them, gives hints, and grades the lab with checks that run {@code pingall}, {@code lb test},
 * {@code trace --simulate} and {@code doctor} and judge their typed results. The model, the checks' judgement and
 * the grading rules are in {@code exercise.plan} (pure).
 */
package netshell.exercise;
