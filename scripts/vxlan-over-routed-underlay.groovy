// Walkthrough 2 as real networks do it: the two nodes are not on one LAN but at two sites, 10.20.1.0/24 and
// 10.20.2.0/24, with a router between them (scripts/topologies/routed-underlay.clab.yml). The VXLAN overlay
// 10.30.0.0/24 is L2 carried over L3: each node's VTEP is its address on its own segment, the router forwards the
// UDP packets, and the overlay's MTU comes from the path, whose link into site B carries 1400 bytes. web1 at site A,
// web2 at site B, and a VIP balancing over both.
//   sudo ./shell scripts/vxlan-over-routed-underlay.groovy [--lab NAME] [--cleanup]
// Run from the repository's root (the topology file is read from scripts/topologies/). The lab is the file's
// ('routed') unless --lab names another; --cleanup removes the VIP, the containers, the overlay and the lab.

def labName = args.contains('--lab') ? args[args.indexOf('--lab') + 1] : 'routed'
def file = 'scripts/topologies/routed-underlay.clab.yml'
def vip = '192.168.56.200:80'
def url = 'http://192.168.56.200/'
def overlayNet = '10.30.0.0/24'
def labUp = { !data(lab.status(name: labName)).isEmpty() }

if (flag('cleanup')) {
    if (labUp()) {
        step('Remove the lab, and with it the VIP, the containers and the overlay') { lab.down(name: labName) }
    }
    return
}

check new File(file).isFile(), "the topology $file is there (run from the repository's root)"

step("The lab $labName: two sites behind the router r1") {
    if (labUp()) {
        say "It is up already: the walkthrough uses it as it is."
        lab.up(name: labName, nodes: data(lab.status(name: labName)).size())
    } else {
        lab.up(file, name: labName)
    }
    show lab.status(name: labName)
}

step('The underlay is routed: a1 reaches b1 only through r1') {
    say 'a1 holds 10.20.1.10 at site A, b1 10.20.2.10 at site B; each has a route to the other site via r1, which forwards (ip_forward=1).'
    say a1.output('ip route show')
    check a1.run('ping -c 1 -W 2 10.20.2.10').exit == 0, 'a1 pings b1 (10.20.2.10) across r1'
}

step("A VXLAN overlay $overlayNet over L3, from a1 to b1") {
    say '''The VTEP of each node is its address on its own segment (--dev eth1): the peer's VXLAN packets go to
10.20.2.10 and the router carries them like any UDP. a1's own link carries 1500 bytes, but the path to b1 only 1400:
overlay create asks the path (one do-not-fragment ping, which r1 answers "fragmentation needed, mtu 1400") and gives
the overlay 1400 − 50 = 1350.'''
    overlay.create(overlayNet, vni: 200, dev: 'eth1', on: 'a1,b1')
    show overlay.show(on: 'a1,b1')
}

step('web1 at site A (a1), web2 at site B (b1)') {
    ensureContainer 'web1', on: a1, text: 'Hello from site A'
    ensureContainer 'web2', on: b1, text: 'Hello from site B'
    show container.ls()
}

def address = { name -> data(container.ls()).find { it.name == name }?.address?.toString()?.replaceFirst('/.*', '') }
def web1 = address('web1'), web2 = address('web2')

step('HTTP between the sites, over the overlay') {
    def fetch = { from, at -> data(container.probe(from, ['curl', '-s', '--max-time', '3', "http://$at/"])).stdout.trim() }
    def seen = [web1: fetch('web2', web1), web2: fetch('web1', web2)]
    check seen == [web1: 'Hello from site A', web2: 'Hello from site B'],
            "web2 fetches web1's page ($web1) and web1 fetches web2's ($web2) across r1",
            expected: [web1: 'Hello from site A', web2: 'Hello from site B'], saw: seen
}

step('The overlay MTU is the path\'s, less VXLAN\'s 50 bytes') {
    def mtu = 1400 - 50
    def crosses = { size ->
        try {
            container.probe('web1', ['ping', '-c', '1', '-W', '2', '-M', 'do', '-s', "${size - 28}", web2])
            true
        } catch (e) {
            false
        }
    }
    check crosses(mtu), "a $mtu-byte packet with do-not-fragment crosses from web1 to web2"
    check !crosses(mtu + 1), "a ${mtu + 1}-byte packet with do-not-fragment does not"
}

step("VIP $vip on a1 over web1 (site A) and web2 (site B)") {
    ensureVip vip, on: a1, backends: ["$web1:80", "$web2:80"]
    show lb.show(vip)
    def bodies = (1..20).collect { a1.run(['curl', '-s', '--max-time', '3', url]).stdout.trim() } as Set
    check bodies == ['Hello from site A', 'Hello from site B'] as Set,
            "20 requests from a1 to $url are answered at both sites",
            expected: "'Hello from site A' and 'Hello from site B'", saw: bodies.collect { "'$it'" }.join(', ')
}

step('The doctor checks the underlay routes too') {
    show doctor(on: 'a1,b1')
}

say "Done. Re-run any time (nothing is duplicated); --cleanup removes it all, the lab included."
