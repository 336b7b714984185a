// Walkthrough 1, "Load Balancer on single machine": two web servers on one node and a virtual IP that
// spreads requests over both, with real checks.
//   sudo ./shell scripts/single-machine-lb.groovy [--nodes a] [--cleanup]

def (node) = need(1)
def vip = '192.168.56.100:80'
def url = 'http://192.168.56.100/'
def present = { name -> data(container.ls()).any { it.name == name } }

// Another walkthrough's overlay on VNI 100 (walkthrough 4's vxlan-net) may be up: one VNI carries one overlay.
def shared = overlayOnVni(100, node)

if (flag('cleanup')) {
    step('Remove the load balancer') { lb.delete(vip) }
    step('Remove the containers') { ['web1', 'web2'].each { if (present(it)) container.rm(it) } }
    step('Remove the container network') { shared ? overlay.delete(bridge: shared) : overlay.delete() }
    return
}

say """
One machine, $node: two web servers and a VIP in front of them. The original uses
192.168.10.10 and lists both backends as 172.17.0.3 (a typo); we read the real addresses
from 'container ls' instead of typing them."""

step(shared ? "A container network on $node: the overlay on $shared (VNI 100), already up" : "A container network on $node") {
    say 'netshell\'s containers live on the overlay bridge; with one node the VXLAN simply has no peer.'
    if (!shared) overlay.create('10.0.0.0/24', vni: 100)
}

step("web1 and web2 on $node") {
    ensureContainer 'web1', on: node, text: 'Hello from Web1'
    ensureContainer 'web2', on: node, text: 'Hello from Web2'
    show container.ls()
}

def address = { name -> data(container.ls()).find { it.name == name }?.address?.toString()?.replaceFirst('/.*', '') }
def web1 = address('web1'), web2 = address('web2')

say '''
The original adds two 'iptables -t nat -A OUTPUT' rules: probability 0.5 then the rest. That ladder is
right for two backends only (rule i of N needs 1/(N-i)), and every re-run adds the rules again.
'lb add-vip' writes the ladder into its own chain in one atomic iptables-restore, and is safe to repeat.'''

step("VIP $vip on $node over web1 ($web1) and web2 ($web2)") {
    ensureVip vip, on: node, backends: ["$web1:80", "$web2:80"]
    show lb.show(vip)
}

step('Both backends answer') {
    show lb.test(vip, from: node, n: 40)
    // Each backend's own answer, whatever text it was made with: the VIP must give both.
    def page = { at -> node.run(['curl', '-s', '--max-time', '3', "http://$at/"]).stdout.trim() }
    def answers = [page(web1), page(web2)] as Set
    def bodies = (1..20).collect { node.run(['curl', '-s', '--max-time', '3', url]).stdout.trim() } as Set
    check bodies == answers, "20 requests to $url are answered by both web1 and web2",
            expected: answers.collect { "'$it'" }.join(' and '), saw: bodies.collect { "'$it'" }.join(', ')
}

say 'Done. Re-run any time; --cleanup removes the VIP, the containers and their network.'
