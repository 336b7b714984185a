// Walkthrough 2, "Two-Node Docker Load Balancing with VXLAN", done right and checked:
// an overlay 10.0.0.0/24 over VXLAN (VNI 100, port 4789) across two nodes, web1 on the first node,
// web2 on the second, and a VIP 192.168.56.100:80 on the first node balancing over both.
//   sudo ./shell scripts/two-node-vxlan-lb.groovy [--nodes a,b] [--docker] [--cleanup]
// Nodes come from the target: the lab (brought up with 2 nodes if needed; with --docker each gets its own
// Docker engine and the containers are real Docker containers) or the -i inventory (Docker where nodes run it).
// Reachability is checked with the node's own ping from each container's network namespace (container probe):
// the official nginx image has no ping or curl.

def (first, second) = need(2)
def vip = '192.168.56.100:80'
def url = 'http://192.168.56.100/'
def present = { name -> data(container.ls()).any { it.name == name } }

// Another walkthrough's overlay on VNI 100 (walkthrough 4's vxlan-net) may be up: one VNI carries one overlay.
def shared = overlayOnVni(100, first, second)

if (flag('cleanup')) {
    step('Remove the load balancer') { lb.delete(vip) }
    step('Remove the containers') { ['web1', 'web2'].each { if (present(it)) container.rm(it) } }
    step('Remove the overlay') { shared ? overlay.delete(bridge: shared) : overlay.delete() }
    return
}

say """
Two nodes, $first and $second. The walkthrough builds the VXLAN by hand; three things in it are wrong
and netshell does them right: the VXLAN device becomes a port of the bridge (not the other way round),
dstport 4789 is explicit (Linux defaults to 8472), and MTU is underlay − 50 so large transfers do not stall."""

step('VXLAN overlay 10.0.0.0/24 across the nodes' + (shared && shared != 'nsbr0' ? ": the one on $shared (VNI 100), already up" : '')) {
    say 'Node ranges come from net split; host addresses lie outside every container range (the original puts 10.0.0.2 inside node1\'s).'
    // The same overlay again is reconciled; another walkthrough's, on its own bridge, is used as it is.
    if (!shared || shared == 'nsbr0') overlay.create('10.0.0.0/24', vni: 100)
    show overlay.show()
}

step("web1 on $first and web2 on $second") {
    ensureContainer 'web1', on: first, text: 'Hello from Web1'
    ensureContainer 'web2', on: second, text: 'Hello from Web2'
    show container.ls()
}

def address = { name -> data(container.ls()).find { it.name == name }?.address?.toString()?.replaceFirst('/.*', '') }
def web1 = address('web1'), web2 = address('web2')

step('The containers reach each other across the VXLAN') {
    check web1 && web2, "both containers have addresses (web1 $web1, web2 $web2)"
    show pingall(on: "$first,$second", overlay: true)
    check true, "web1 ($web1) and web2 ($web2) ping each other"
}

step('The MTU across the VXLAN, measured') {
    say 'VXLAN wraps each frame in 50 bytes (outer IPv4 20, UDP 8, VXLAN 8, inner Ethernet 14): with the default MTU, full-size packets would not fit.'
    def link = first.underlay ? first.output("ip -o link show dev ${first.underlay}") : ''
    def mtuWord = link =~ /\bmtu (\d+)/
    def underlayMtu = (mtuWord ? mtuWord[0][1] : '1500') as int
    def report = iperf('web1', 'web2', time: 1, mtuProbe: true)
    show report
    def r = data(report)
    check r.mtu == underlayMtu - 50,
            "the largest do-not-fragment packet web1 → web2 is ${r.mtu} bytes: ${r.mtu} crosses, ${r.mtu + 1} does not (underlay $underlayMtu − 50)"
}

say """
The walkthrough balances with hand-typed 'iptables -A … --probability 0.5' rules: fine for two
backends, but re-running duplicates them, 'FORWARD -j ACCEPT' opens everything, and replies from
web2 on $second have no way back. netshell writes its own chains in one iptables-restore, with
MASQUERADE for the return path and FORWARD open only for this VIP."""

step("VIP $vip on $first over web1 and web2") {
    ensureVip vip, on: first, backends: ["$web1:80", "$web2:80"]
    show lb.show(vip)
}

step('Both backends answer on the VIP') {
    show lb.test(vip, from: first, n: 40)
    // Each backend's own answer, whatever text it was made with: the VIP must give both.
    def page = { at -> first.run(['curl', '-s', '--max-time', '3', "http://$at/"]).stdout.trim() }
    def answers = [page(web1), page(web2)] as Set
    def bodies = (1..20).collect { first.run(['curl', '-s', '--max-time', '3', url]).stdout.trim() } as Set
    check bodies == answers, "20 requests from $first to $url are answered by both web1 and web2",
            expected: answers.collect { "'$it'" }.join(' and '), saw: bodies.collect { "'$it'" }.join(', ')
}

say "Done. Re-run any time (nothing is duplicated); --cleanup removes the VIP, the containers and the overlay."
