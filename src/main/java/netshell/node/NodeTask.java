package netshell.node;

/** Work done on one node during a fan-out. */
@FunctionalInterface
public interface NodeTask<T> {
    T apply(Node node) throws Exception;
}
