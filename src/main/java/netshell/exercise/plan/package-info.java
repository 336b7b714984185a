/**
 * Exercises, pure: the model an exercise file declares (goal, set-up lines, faults to plant, hints, checks, solution
 * lines), read from its plain calls; what each check runs and how its typed result is judged; the grade of each
 * exercise and of a directory, with its exit status and its JSON shape.
 */
package netshell.exercise.plan;
