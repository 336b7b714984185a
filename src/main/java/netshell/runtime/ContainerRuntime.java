package netshell.runtime;

import java.util.List;
import java.util.Optional;

import netshell.command.Context;
import netshell.core.Step;
import netshell.node.Node;

/**
 * How containers are made, found, entered and removed on a node: one implementation per kind, Docker's engine
 * ({@code runtime.docker.DockerRuntime}) and a network namespace per container (the overlay's
 * {@code NamespaceContainers}). A command asks each runtime of a node in turn, so one node may hold both kinds.
 * Reads go through the context, so --explain and --dry-run show them; changes come back as steps, each with its undo.
 */
public interface ContainerRuntime {
    /**
     * A container as {@code container ls} shows it: {@code where} is "docker" or the namespace the container is;
     * {@code address6} only on a dual-stack network, else null; {@code state} "running" or what else it is.
     */
    record Found(String name, String where, String address, String address6, String state) {
        public boolean running() { return "running".equals(state); }
    }

    /**
     * What {@code container run} asks for: the container's name, the network (the overlay's bridge) it joins, the
     * image ({@code null}: the runtime's default), the one line its web server answers, and its addresses.
     */
    record Request(String name, String network, String image, String text, Addressing addressing) {}

    /** The network's address plan, as a run needs it: the runtime knows what is taken, the plan what is free. */
    interface Addressing {
        /** The IPv4 address: {@code mine} (the container's, when it exists already), else one not in {@code used}. */
        String choose(List<String> used, String mine);

        /** The IPv6 twin of {@code address} (no prefix length) on a dual-stack network, else null. */
        String twin6(String address);
    }

    /** The runtime's containers on the node (none where the node has no such runtime). */
    List<Found> list(Context ctx, Node node);

    /**
     * Runs the container on the node: the container started, as a {@link Found}, or else what the change gave back
     * (the report of a dry run, or the outcome of a change that failed and was rolled back).
     */
    Object run(Context ctx, Node node, Request request) throws InterruptedException;

    /** The steps that remove the node's container {@code name}; none when the node has no such container. */
    List<Step> removal(Context ctx, Node node, String name);

    /** The argv prefix that runs a command of the container's own image inside it; empty when it is not here. */
    Optional<List<String>> exec(Context ctx, Node node, String name);

    /**
     * The argv prefix that runs a command of the node (its ping, curl) in the container's network namespace, which
     * works whatever the image holds; empty when the container is not here.
     */
    Optional<List<String>> enter(Context ctx, Node node, String name);
}
