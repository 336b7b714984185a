package netshell.testing;

import java.util.Optional;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import netshell.node.LocalNode;

/** Runs what {@link NeedsRoot} marks only as root; otherwise skips it with "skipped: needs root (why); id -u is N". */
public final class RootCondition implements ExecutionCondition {
    /** Asked once per test run: the effective user does not change under a running JVM. */
    private static final class Uid {
        static final String VALUE = new LocalNode("local").run("id", "-u").stdout().strip();
    }

    static String uid() { return Uid.VALUE; }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return evaluate(AnnotationSupport.findAnnotation(context.getElement(), NeedsRoot.class), uid());
    }

    static ConditionEvaluationResult evaluate(Optional<NeedsRoot> needs, String uid) {
        if (needs.isEmpty()) return ConditionEvaluationResult.enabled("needs no root");
        if (uid.equals("0")) return ConditionEvaluationResult.enabled("root");
        return ConditionEvaluationResult.disabled("skipped: needs root (" + needs.get().value() + "); id -u is " + uid);
    }
}
