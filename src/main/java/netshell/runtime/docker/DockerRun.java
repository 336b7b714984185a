package netshell.runtime.docker;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import netshell.command.Changes;
import netshell.command.CommandOutcome;
import netshell.command.Context;
import netshell.command.ReadyWait;
import netshell.core.BadInput;
import netshell.core.Plan;
import netshell.core.Step;
import netshell.node.ExecResult;
import netshell.node.Node;
import netshell.runtime.ContainerRuntime;
import netshell.runtime.docker.plan.DockerContainers;

/**
 * {@code container run} on a node with a Docker engine: the walkthrough's {@code docker run} on the overlay network.
 */
final class DockerRun {
    private DockerRun() {}

    /**
     * The walkthrough's {@code docker run}: the address comes from the same plan as a namespace container's (the
     * first free one of the node's range, or --ip), given with --ip so that Docker does not pick its own.
     */
    static Object run(Context ctx, Node node, ContainerRuntime.Request request) throws InterruptedException {
        String name = request.name();
        String image = request.image() != null ? request.image() : DockerEngine.defaultImage(node);
        // One round trip for all it needs to know: a container of that name (ours or not) and its address, the
        // addresses taken on the overlay's network, and whether the engine has the image.
        List<ExecResult> known = ctx.readEach(node, List.of(DockerContainers.inspectNamedArgv(name),
                DockerEngine.addressesOnArgv(request.network()), DockerEngine.imageArgv(image)));
        Optional<DockerContainers.Named> named = known.get(0).ok()
                ? DockerContainers.parseNamed(known.get(0).stdout())
                : Optional.empty();
        if (named.isPresent() && !named.get().ours()) {
            throw new BadInput("a container named " + name + " already runs on " + node.name()
                    + " and is not netshell's; choose another name (nothing was changed)");
        }
        String mine = named.map(n -> n.container().address()).orElse(null);
        List<String> used = new ArrayList<>(DockerEngine.addresses(known.get(1)));
        if (mine != null) used.remove(mine);
        String address = request.addressing().choose(used, mine);
        // On a dual-stack network the IPv6 twin of the address, as a namespace container gets it.
        String address6 = request.addressing().twin6(address);
        if (mine != null && address6 != null && !address6.equals(named.get().container().address6())) {
            throw new BadInput("the container " + name + " on " + node.name() + " has no IPv6 address "
                    + address6 + " (Docker cannot add one in place); remove it first (container rm " + name + ")");
        }
        Plan plan = new Plan();
        if (named.isEmpty()) {
            DockerEngine.ensure(ctx, node, image, known.get(2).ok());
            List<String> argv = new ArrayList<>(List.of("docker", "run", "-d", "--name", name, "--label", "netshell",
                    "--network", request.network(), "--ip", address));
            if (address6 != null) argv.addAll(List.of("--ip6", address6));
            argv.add(image);
            plan.add(node.name(), new Step(argv, null, "the walkthrough's container, on the overlay network, at "
                    + address + (address6 == null ? "" : " and " + address6))
                    .undoneBy(Step.of("remove the container", "docker", "rm", "-f", name)));
        }
        plan.add(node.name(), DockerEngine.indexPage(name, request.text()));
        Object result = Changes.applyOrRollBack(ctx, plan);
        if (ctx.dryRun() || result instanceof CommandOutcome o && o.failed()) return result;
        boolean ready = ReadyWait.await(name + " is made on " + node.name(),
                () -> DockerEngine.waitForListener(node, name));
        return new ContainerRuntime.Found(name, DockerRuntime.WHERE, address, address6,
                ready ? "running" : "starting (see docker logs " + name + ")");
    }
}
