/**
 * Safe changes: {@code --confirm SECONDS} with a rollback armed on each node itself, {@code confirm}, the change
 * journal ({@code changes}, {@code changes show N}) and {@code undo}. Plugs into the framework as its ChangeGuard;
 * the pure parts (snapshots, diffs, rollback script text, journal records) live in change.plan.
 */
package netshell.change;
