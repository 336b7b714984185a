package netshell.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.util.Arrays;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;

import netshell.app.Commands;
import netshell.command.Verb;

/**
 * The layering README's code map describes, checked on the compiled product classes. Each rule says why it exists,
 * and a new wrong import fails the build with that reason; {@link PlantedViolationsTest} shows each rule failing
 * on a class planted to break it, and keeps a new package from escaping them all.
 */
@AnalyzeClasses(packages = "netshell", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    /** The framework everything is built on; every other package under netshell is a feature. */
    static final String[] FRAMEWORK = {"core", "kernel", "node", "command", "runtime", "shell", "script", "app"};

    /**
     * Capabilities: each owns its commands and glue, and its pure logic in a sub-package. Found from the registry
     * (the package under netshell of each registered verb's handler), so a new command's package is a feature as
     * soon as app.Commands registers it; a package that is neither is refused by PlantedViolationsTest.
     */
    static final String[] FEATURES = featuresOfTheRegistry();

    private static String[] featuresOfTheRegistry() {
        return Commands.registry().all().stream().flatMap(c -> c.verbs().stream()).map(Verb::handlerPackage)
                .filter(p -> p != null && p.startsWith("netshell.")).map(p -> p.split("\\.")[1])
                .filter(top -> !Arrays.asList(FRAMEWORK).contains(top)).distinct().sorted().toArray(String[]::new);
    }

    /** Pure logic: models, planners, rule text, parsers and maths. */
    static final String[] PURE = {"netshell.core..", "netshell.kernel..", "netshell.addr.math..", "netshell.lb.rules..",
            "netshell.overlay.plan..", "netshell.doctor.checks..", "netshell.capture.decode..",
            "netshell.remote.plan..", "netshell.change.plan..", "netshell.web.feed..",
            "netshell.trace.plan..", "netshell.runtime.docker.plan..",
            "netshell.fault.plan..", "netshell.lab.topo..", "netshell.exercise.plan..", "netshell.link.plan.."};

    @ArchTest
    static final ArchRule pureCodeDoesNoIo = noClasses().that().resideInAnyPackage(PURE)
            .should().dependOnClassesThat()
            .resideInAnyPackage("netshell.node..", "netshell.command..", "netshell.shell..",
                    "java.io..", "java.nio.file..", "java.net..", "com.jcraft..", "org.jline..")
            .orShould().dependOnClassesThat().belongToAnyOf(ProcessBuilder.class, Process.class, Runtime.class)
            .because("pure logic (plans, rule text, parsers, maths) is tested with golden data and must not reach "
                    + "a node, a file or a process: the feature's glue reads state and applies plans");

    @ArchTest
    static final ArchRule featuresDoNotImportEachOther = featuresApart();

    @ArchTest
    static final ArchRule modelsKnowNoFeature = noClasses().that().resideInAnyPackage("netshell.core..",
            "netshell.kernel..").should().dependOnClassesThat().resideInAnyPackage(featurePackages("netshell.node..",
                    "netshell.command..", "netshell.shell..", "netshell.script..", "netshell.app.."))
            .because("the models (plans, steps, node state) are what every layer above shares: they depend on "
                    + "nothing above them");

    @ArchTest
    static final ArchRule pureLogicUsesNoGlue = pureApartFromGlue();

    @ArchTest
    static final ArchRule featuresLeaveTheShellAlone = noClasses().that().resideInAnyPackage(featurePackages())
            .should().dependOnClassesThat().resideInAnyPackage("netshell.shell..", "netshell.app..")
            .because("a command returns a typed result and the shell renders it: the same command then serves the "
                    + "prompt, -c, scripts and --json");

    @ArchTest
    static final ArchRule frameworkKnowsNoFeature = noClasses().that().resideInAPackage("netshell.command..")
            .should().dependOnClassesThat().resideInAnyPackage(featurePackages("netshell.shell..", "netshell.script..",
                    "netshell.app.."))
            .because("the command framework serves every feature; a feature plugs into it (Registry, LabHandle, "
                    + "Recorder), never the other way round");

    @ArchTest
    static final ArchRule runtimeKnowsNoFeature = noClasses().that().resideInAPackage("netshell.runtime..")
            .should().dependOnClassesThat().resideInAnyPackage(otherFeatures("runtime", "netshell.shell..",
                    "netshell.script..", "netshell.app.."))
            .because("the container runtime serves every feature that runs containers (overlay, lab, doctor); a "
                    + "feature implements or uses ContainerRuntime, never the other way round. Like every feature, it "
                    + "may use the address maths (addr.math) alone");

    @ArchTest
    static final ArchRule nodesKnowNoCommand = noClasses().that().resideInAPackage("netshell.node..")
            .should().dependOnClassesThat().resideInAnyPackage(featurePackages("netshell.command..", "netshell.shell..",
                    "netshell.script..", "netshell.app.."))
            .because("transports run argv on machines and know nothing of the commands built on them");

    @ArchTest
    static final ArchRule shellHoldsNoNetworkLogic = noClasses().that().resideInAPackage("netshell.shell..")
            .should().dependOnClassesThat().resideInAnyPackage(featurePackages("netshell.script..", "netshell.app.."))
            .because("the shell is the REPL, the line grammar and rendering; network logic lives in the features");

    @ArchTest
    static final ArchRule onlyTheLauncherLoadsScripting = noClasses()
            .that().resideOutsideOfPackages("netshell.script..", "netshell.app..", "netshell")
            .should().dependOnClassesThat().resideInAPackage("netshell.script..")
            .because("Groovy costs a second at start-up: only the launcher wires scripting in, so a one-shot "
                    + "command never loads it");

    /** Each feature's pure sub-package (lb.rules) uses nothing of its own glue package (lb). */
    private static ArchRule pureApartFromGlue() {
        CompositeArchRule rule = null;
        for (String pure : PURE) {
            String pkg = pure.substring(0, pure.length() - 2); // "netshell.lb.rules"
            String glue = pkg.substring(0, pkg.lastIndexOf('.'));
            if (glue.equals("netshell")) continue; // core, kernel: no glue of their own
            ArchRule one = noClasses().that().resideInAPackage(pure).should().dependOnClassesThat()
                    .resideInAPackage(glue)
                    .because("pure logic is tested with golden data alone; the glue that reads nodes uses it, "
                            + "never the other way round");
            rule = rule == null ? CompositeArchRule.of(one) : rule.and(one);
        }
        return rule;
    }

    private static ArchRule featuresApart() {
        CompositeArchRule rule = null;
        for (String feature : FEATURES) {
            ArchRule one = noClasses().that().resideInAPackage("netshell." + feature + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(otherFeatures(feature))
                    .because("a capability reaches another only through the framework (command, kernel, node), "
                            + "so that each can change alone; the named exceptions are in otherFeatures()");
            rule = rule == null ? CompositeArchRule.of(one) : rule.and(one);
        }
        return rule;
    }

    /**
     * The packages a feature may not use: every other feature, less the allowed edges, where only the pure
     * sub-package may be used (its glue package stays out of bounds). The address maths is shared by every
     * capability (overlays plan ranges, lb parses endpoints); the doctor diagnoses overlays and VIPs, so it
     * reads their pure models and rule parsers; trace writes its probe's packets with capture's pcap reader and
     * pcapng blocks.
     */
    static String[] otherFeatures(String feature) {
        return Arrays.stream(FEATURES)
                .filter(other -> !other.equals(feature))
                .map(other -> pureOnly(feature, other) ? "netshell." + other : "netshell." + other + "..")
                .toArray(String[]::new);
    }

    /** As otherFeatures(feature), and {@code more} packages besides. */
    private static String[] otherFeatures(String feature, String... more) {
        String[] features = otherFeatures(feature);
        String[] out = Arrays.copyOf(features, features.length + more.length);
        System.arraycopy(more, 0, out, features.length, more.length);
        return out;
    }

    private static boolean pureOnly(String feature, String other) {
        return other.equals("addr") || (feature.equals("doctor") || feature.equals("fault"))
                && (other.equals("lb") || other.equals("overlay"))
                || feature.equals("trace") && other.equals("capture");
    }

    private static String[] featurePackages(String... more) {
        String[] out = new String[FEATURES.length + more.length];
        for (int i = 0; i < FEATURES.length; i++) out[i] = "netshell." + FEATURES[i] + "..";
        System.arraycopy(more, 0, out, FEATURES.length, more.length);
        return out;
    }
}
