package netshell.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that runs containers on the lab's nodes over SSH. netshell names a container on an SSH node
 * {@code netshell-NAME}, which on separate machines never meet; but the lab's nodes share this machine's /run/netns,
 * so two such classes at once (the suite runs several JVMs) would share {@code netshell-web1}, and each node's
 * {@code container ls} lists every one. Such classes run one at a time on this machine, and the namespaces a class
 * leaves behind are removed with their processes after it: see {@link SshLabContainersLock}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(SshLabContainersLock.class)
public @interface SshLabContainers {}
