package netshell.change;

import java.util.List;

/**
 * The rollback a {@code --confirm} change arms on each node, and the commands that arm, disarm and ask about it.
 * The armed script is the state library ({@link StateScript}) and a fixed body: it restores the snapshot named in
 * its {@code .base} file on the node, so nothing read from the node is ever part of it. Arming takes the node-wide
 * lock; a rollback armed while another waits on the same node supersedes it and restores the older snapshot (as
 * Junos does), whichever shell armed it. It is scheduled with a systemd timer where systemd runs the node's network
 * namespace, else a detached {@code setsid} shell that sleeps first; it leaves a {@code .done} line saying what it
 * restored.
 */
public final class RollbackScript {
    private RollbackScript() {}

    public static final String DIR = "/run/netshell/rollback";

    /** The armed script for rollback {@code id} of the change {@code what} (a comment only, on one line). */
    public static String text(String id, String what) {
        StateScript.checkedId(id);
        return "#!/bin/sh\n# netshell rollback " + id + ": back to before " + oneLine(what) + "\n"
                + StateScript.library() + "\n" + String.join("\n",
                        "id=" + id + "; d=$NS_RB",
                        "mkdir \"$d/$id.lock\" 2>/dev/null || exit 0 # confirmed or superseded first",
                        "ns_lock",
                        "base=$(cat \"$d/$id.base\" 2>/dev/null)",
                        "T=$(mktemp -d)",
                        "ns_valid \"$base\" && [ -d \"$NS_SNAP/$base\" ] && ns_restore \"$NS_SNAP/$base\"",
                        "rm -rf \"$T\"; ns_valid \"$base\" && { ns_unwatch \"$NS_SNAP/$base\";"
                                + " rm -rf \"$NS_SNAP/$base\"; }",
                        "echo \"$(date -u +%Y-%m-%dT%H:%M:%SZ) restored:${NS_DONE:- nothing}\" > \"$d/$id.done\"",
                        "rm -f \"$d/$id.pid\" \"$d/$id.sh\" \"$d/$id.base\"",
                        "[ \"$(cat \"$d/node-$(ns_key).armed\" 2>/dev/null)\" = \"$id\" ]"
                                + " && rm -f \"$d/node-$(ns_key).armed\"",
                        "ns_unlock", "");
    }

    /**
     * Writes the script (stdin) to the node and schedules it in {@code seconds} to restore snapshot {@code base};
     * prints how it is armed, and "chained: ID" when it took over an earlier rollback's snapshot.
     */
    public static List<String> arm(String id, int seconds, String base) {
        return StateScript.run(String.join("\n",
                "d=$NS_RB; mkdir -p \"$d\" && cat > \"$d/$1.sh\" || exit 1",
                "ns_lock; base=$3; k=$(ns_key)",
                "prev=$(cat \"$d/node-$k.armed\" 2>/dev/null)",
                "if ns_valid \"$prev\" && [ -f \"$d/$prev.done\" ] && [ \"$d/$prev.done\" -nt \"$NS_SNAP/$base\" ];"
                        + " then",
                "  ns_unlock; rm -f \"$d/$1.sh\"",
                "  echo \"rollback $prev ran on this node while this change was prepared: its snapshot is stale\" >&2;"
                        + " exit 5",
                "fi",
                "if ns_valid \"$prev\" && [ \"$prev\" != \"$1\" ] && [ -f \"$d/$prev.sh\" ] "
                        + "&& mkdir \"$d/$prev.lock\" 2>/dev/null; then",
                "  old=$(cat \"$d/$prev.base\" 2>/dev/null); ns_stop \"$prev\"",
                "  rm -f \"$d/$prev.sh\" \"$d/$prev.pid\" \"$d/$prev.base\"; rmdir \"$d/$prev.lock\"",
                "  echo \"$1\" > \"$d/$prev.superseded\"",
                // the change's own snapshot stays until its diff (StateScript.diff drops it: no rollback names it)
                "  ns_valid \"$old\" && [ -d \"$NS_SNAP/$old\" ] && base=$old",
                "  echo \"chained: $prev\"",
                "fi",
                "echo \"$base\" > \"$d/$1.base\"; echo \"$1\" > \"$d/node-$k.armed\"; ns_unlock",
                "if [ -d /run/systemd/system ] && command -v systemd-run >/dev/null 2>&1 \\",
                "    && [ \"$(readlink /proc/1/ns/net)\" = \"$(readlink /proc/self/ns/net)\" ]; then",
                "  systemd-run --quiet --unit=\"netshell-rollback-$1\" --on-active=\"$2\" /bin/sh \"$d/$1.sh\" \\",
                "    && echo \"armed: systemd timer netshell-rollback-$1\"; exit",
                "fi",
                "setsid sh -c 'echo $$ > \"$1.pid\"; sleep \"$2\"; exec sh \"$1.sh\"' sh \"$d/$1\" \"$2\" \\",
                "  </dev/null >/dev/null 2>&1 &",
                "p=$!; i=0; while [ ! -s \"$d/$1.pid\" ] && [ $i -lt 250 ]; do sleep 0.02; i=$((i+1)); done",
                // not started in time (a loaded node): stopped whatever stage it reached, or it would still roll
                // back a change reported as failed: the process (before its setsid), then its group
                "[ -s \"$d/$1.pid\" ] || { kill -KILL \"$p\" 2>/dev/null; kill -KILL -- \"-$p\" 2>/dev/null;"
                        + " echo 'the rollback did not start within 5 s' >&2; exit 1; }",
                "echo \"armed: process group $(cat \"$d/$1.pid\")\""),
                StateScript.checkedId(id), String.valueOf(seconds), StateScript.checkedId(base));
    }

    /**
     * Stops an armed rollback (or the later one that took it over, which keeps that change too). Exit 3 with the
     * .done line when it has already run; exit 4 when it is missing (the node rebooted: /run is gone).
     */
    public static List<String> disarm(String id) {
        return disarm(id, false);
    }

    /** {@code quiet}: exit 0 also when it has already run. */
    public static List<String> disarm(String id, boolean quiet) {
        return StateScript.run(String.join("\n",
                "d=$NS_RB; ns_lock; ns_last \"$1\"; c=$NS_CUR",
                "via=; [ -n \"$NS_VIA\" ] && [ \"$c\" != \"$1\" ] && via=\" (with the later change's rollback $c)\"",
                "if [ -f \"$d/$c.kept\" ]; then ns_unlock; echo \"disarmed$via\"; exit 0; fi",
                "if ! mkdir \"$d/$c.lock\" 2>/dev/null; then",
                "  ns_unlock; i=0; while [ ! -f \"$d/$c.done\" ] && [ $i -lt 3000 ]; do sleep 0.02; i=$((i+1)); done",
                "  cat \"$d/$c.done\" 2>/dev/null || echo 'rolling back'; exit " + (quiet ? 0 : 3),
                "fi",
                "if [ ! -f \"$d/$c.sh\" ]; then",
                "  rmdir \"$d/$c.lock\"; ns_unlock",
                "  if [ -f \"$d/$c.done\" ]; then cat \"$d/$c.done\"; exit " + (quiet ? 0 : 3) + "; fi",
                "  echo 'missing: the armed rollback is gone (node rebooted?)'; exit " + (quiet ? 0 : 4),
                "fi",
                "ns_stop \"$c\"; b=$(cat \"$d/$c.base\" 2>/dev/null);"
                        + " ns_valid \"$b\" && { ns_unwatch \"$NS_SNAP/$b\"; rm -rf \"$NS_SNAP/$b\"; }",
                "rm -rf \"$d/$c.sh\" \"$d/$c.pid\" \"$d/$c.base\" \"$d/$c.lock\"; echo confirmed > \"$d/$c.kept\"",
                "[ \"$(cat \"$d/node-$(ns_key).armed\" 2>/dev/null)\" = \"$c\" ] && rm -f \"$d/node-$(ns_key).armed\"",
                "ns_unlock; echo \"disarmed$via\""),
                StateScript.checkedId(id));
    }

    /** Prints the .done line when the rollback (or the one that took it over) ran; exit 1 when it has not. */
    public static List<String> status(String id) {
        return StateScript.run("ns_last \"$1\"; cat \"$NS_RB/$NS_CUR.done\" 2>/dev/null", StateScript.checkedId(id));
    }

    /** What a .done line says was restored: "restored: iptables -link:vx0" → "iptables -link:vx0". */
    public static String restored(String doneLine) {
        int at = doneLine.indexOf("restored:");
        return at < 0 ? doneLine.strip() : doneLine.substring(at + "restored:".length()).strip();
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("[\\p{Cntrl}]", " ");
    }
}
