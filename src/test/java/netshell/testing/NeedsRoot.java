package netshell.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class or test method that needs root (ip netns, iptables, sshd in namespaces, Docker). For anyone else it
 * is skipped, and the report says why; as root (CI) it runs. The one root check of the test suite: see
 * {@link RootCondition}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(RootCondition.class)
public @interface NeedsRoot {
    /** What root is needed for, shown in the skip message. */
    String value() default "ip netns";
}
