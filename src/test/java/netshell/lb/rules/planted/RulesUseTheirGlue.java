package netshell.lb.rules.planted;

/** Planted for ArchitectureTest: pure rule text using its feature's glue (pureLogicUsesNoGlue must fail on it). */
public class RulesUseTheirGlue {
    Object glue = netshell.lb.LbCommands.class;
}
