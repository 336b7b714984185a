package netshell.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import netshell.command.Changes;
import netshell.command.Context;
import netshell.command.Displayable;
import netshell.command.OutcomeOf;
import netshell.core.Plan;
import netshell.core.Step;
import netshell.doctor.checks.Finding;

/**
 * {@code doctor --fix}: the fixes of the failed checks applied as one change (journaled, so {@code undo} reverts it
 * and {@code --confirm} arms a rollback), each on its node. Only fixes that are commands run; advice ("check: …",
 * "fix the overlay first") is listed for a person to follow.
 */
final class DoctorFix {
    /** The first words of a fix netshell runs: the network tools its own fixes use. */
    private static final Set<String> TOOLS = Set.of("ip", "bridge", "sysctl", "iptables", "ip6tables",
            "iptables-legacy", "iptables-nft", "nft");

    private DoctorFix() {}

    /** What was found, what was applied, and the fixes left to a person. */
    record Fixed(DoctorReport found, Object applied, List<String> byHand) implements OutcomeOf, Displayable {
        @Override
        public Object inner() { return applied; }

        @Override
        public String text() {
            StringBuilder sb = new StringBuilder(found.text()).append("\n\n");
            sb.append(applied == null
                    ? "nothing to fix"
                    : applied instanceof Displayable d ? d.text() : String.valueOf(applied));
            byHand.forEach(l -> sb.append("\nby hand: ").append(l));
            return sb.toString();
        }

        @Override
        public Object data() {
            return Map.of("findings", found.rows(), "applied", applied instanceof Displayable d ? d.data() : "",
                    "byHand", byHand);
        }
    }

    static Fixed apply(Context ctx, DoctorReport found, Set<String> nodes) {
        Plan plan = new Plan();
        List<String> byHand = new ArrayList<>();
        for (Finding f : found.failures()) {
            if (f.fix().isBlank()) continue;
            if (nodes.contains(f.node()) && runnable(f.fix())) {
                plan.add(f.node(),
                        new Step(List.of("sh", "-c", f.fix()), null, "fix " + f.check() + " on " + f.node()));
            } else {
                byHand.add(f.check() + " on " + f.node() + ": " + f.fix());
            }
        }
        return new Fixed(found, plan.isEmpty() ? null : Changes.applyOrRollBack(ctx, plan), byHand);
    }

    static boolean runnable(String fix) {
        return TOOLS.contains(fix.strip().split("\\s+", 2)[0]);
    }
}
