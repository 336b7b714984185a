// Walkthrough 4, "Docker VXLAN Network Demo": two nodes on the management network 192.168.56.0/24,
// a VXLAN overlay 10.0.0.0/24 (VNI 100, port 4789), web1 on the first node and web2 on the second,
// talking to each other across the tunnel. On Docker nodes (the VMs, or a lab with --docker: an engine per
// node) the containers are Docker containers; on a lab without Docker they are namespace containers, with the
// same addresses and texts. Checks use the node's own ping from the container's network namespace (container
// probe): the nginx image has no ping, and busybox's ping has no -M do.
//   sudo ./shell scripts/docker-vxlan-demo.groovy [--nodes a,b] [--docker] [--cleanup]

def (first, second) = need(2)
def present = { name -> data(container.ls()).any { it.name == name } }
// The seed's names: the VXLAN device vxlan-demo, the Docker network (and its bridge) vxlan-net.
def overlays = { data(overlay.show()).nodes }
def demoUp = { overlays().any { it.bridge == 'vxlan-net' } }

if (flag('cleanup')) {
    step('Remove the containers') { ['web1', 'web2'].each { if (present(it)) container.rm(it) } }
    step('Remove the overlay') { if (demoUp()) overlay.delete(bridge: 'vxlan-net') }
    return
}

say """
The demo's picture: $first and $second on the management network, web1 and web2 on 10.0.0.0/24
joined by a VXLAN tunnel (ID 100, device vxlan-demo) on the Docker network vxlan-net. Those names are
kept. Its fixed addresses are not: web1 10.0.0.2 is the address walkthrough 2 gives node2's own VXLAN
interface, and 10.0.0.12 sits beside it in the block that holds the nodes' addresses, so a host and a
container can claim one address. netshell plans the ranges with net split instead: hosts and VIPs in
the first quarter, each node's containers in a quarter of its own."""

// Walkthrough 2's overlay (VNI 100 on nsbr0) may be up already: one VNI carries one overlay, so use it.
def shared = overlays().find { it.vni == 100 && it.bridge != 'vxlan-net' }
step(shared ? "VXLAN overlay 10.0.0.0/24, VNI 100: walkthrough 2's, on ${shared.bridge}"
        : 'VXLAN overlay 10.0.0.0/24, VNI 100, port 4789: vxlan-demo on vxlan-net') {
    if (!shared) overlay.create('10.0.0.0/24', vni: 100, name: 'vxlan-demo', bridge: 'vxlan-net')
    show vxlan.show()
}

step("web1 on $first, web2 on $second") {
    ensureContainer 'web1', on: first, text: 'Hello from Web1'
    ensureContainer 'web2', on: second, text: 'Hello from Web2'
    show container.ls()
}

def address = { name -> data(container.ls()).find { it.name == name }?.address?.toString()?.replaceFirst('/.*', '') }
def web1 = address('web1'), web2 = address('web2')

step('Verify: ping across the tunnel') {
    show pingall(on: "$first,$second", overlay: true)
    check true, "web1 ($web1) ⇄ web2 ($web2)"
}

step('Verify: each fetches the other\'s page') {
    // Each page as its own node serves it, then as the other container fetches it across the tunnel.
    def own = [web1: data(http.get("http://$web1/", from: first)).body, web2: data(http.get("http://$web2/", from: second)).body]
    def fetch = { from, at -> data(container.probe(from, ['curl', '-s', '--max-time', '3', "http://$at/"])).stdout.trim() }
    def seen = [web1: fetch('web2', web1), web2: fetch('web1', web2)]
    check seen == own && own.every { it.value }, 'web1 fetches web2\'s page and web2 fetches web1\'s across the tunnel',
            expected: own, saw: seen
    say 'A 1400-byte ping with do-not-fragment crosses too: the overlay MTU is underlay − 50.'
    container.probe('web1', ['ping', '-c', '1', '-W', '2', '-M', 'do', '-s', '1400', web2])
}

step('The picture') { show topology() }

say 'Done. Re-run any time; --cleanup removes the containers and the overlay.'
