package netshell.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Each rule of {@link ArchitectureTest} fails on a class planted (in the test sources, under a product package) to
 * break it (ArchitectureTest checks them on the product); and no package under netshell escapes the rules by being
 * unknown to them.
 */
class PlantedViolationsTest {
    private static final JavaClasses PLANTED = new ClassFileImporter().importPackages("netshell.core.planted",
            "netshell.lb.rules.planted", "netshell.overlay.planted", "netshell.lb.planted", "netshell.kernel.planted",
            "netshell.command.planted", "netshell.node.planted", "netshell.shell.planted",
            "netshell.runtime.planted");
    private static final JavaClasses PRODUCT = new ClassFileImporter()
            .withImportOption(new ImportOption.DoNotIncludeTests()).importPackages("netshell");

    private static Map<String, ArchRule> rules() {
        Map<String, ArchRule> r = new LinkedHashMap<>();
        r.put("pureCodeDoesNoIo", ArchitectureTest.pureCodeDoesNoIo);
        r.put("featuresDoNotImportEachOther", ArchitectureTest.featuresDoNotImportEachOther);
        r.put("modelsKnowNoFeature", ArchitectureTest.modelsKnowNoFeature);
        r.put("pureLogicUsesNoGlue", ArchitectureTest.pureLogicUsesNoGlue);
        r.put("featuresLeaveTheShellAlone", ArchitectureTest.featuresLeaveTheShellAlone);
        r.put("frameworkKnowsNoFeature", ArchitectureTest.frameworkKnowsNoFeature);
        r.put("runtimeKnowsNoFeature", ArchitectureTest.runtimeKnowsNoFeature);
        r.put("nodesKnowNoCommand", ArchitectureTest.nodesKnowNoCommand);
        r.put("shellHoldsNoNetworkLogic", ArchitectureTest.shellHoldsNoNetworkLogic);
        r.put("onlyTheLauncherLoadsScripting", ArchitectureTest.onlyTheLauncherLoadsScripting);
        return r;
    }

    @Test
    void everyRuleFailsOnItsPlantedViolation() {
        assertFalse(PLANTED.isEmpty(), "the planted classes were compiled");
        rules().forEach((name, rule) -> assertTrue(rule.allowEmptyShould(true).evaluate(PLANTED).hasViolation(),
                name + " let its planted violation through"));
    }

    @Test
    void theRegistryNamesTheFeatures() {
        // Registered commands lead to their packages: the capabilities 0.2 had are found without a list of them.
        Set<String> features = new TreeSet<>(Arrays.asList(ArchitectureTest.FEATURES));
        assertTrue(features.containsAll(Set.of("addr", "lb", "overlay", "capture", "doctor", "lab", "record",
                "remote", "change")), "features found from the registry: " + features);
        features.retainAll(Arrays.asList(ArchitectureTest.FRAMEWORK));
        assertEquals(Set.of(), features, "no framework package is a feature");
    }

    @Test
    void everyPackageIsAFeatureOrTheFramework() {
        Set<String> placed = new TreeSet<>(Arrays.asList(ArchitectureTest.FEATURES));
        placed.addAll(Arrays.asList(ArchitectureTest.FRAMEWORK));
        Set<String> unplaced = new TreeSet<>();
        for (JavaClass c : PRODUCT) {
            String[] parts = c.getPackageName().split("\\.");
            if (parts.length > 1 && !placed.contains(parts[1])) unplaced.add(parts[1]);
        }
        assertEquals(Set.of(), unplaced, "a new package under netshell: register its command in app.Commands (a "
                + "capability), or add it to ArchitectureTest.FRAMEWORK, so that the rules cover it");
    }
}
