// Walkthrough 3, "Explanation with example": IP addressing and CIDR with 10.0.0.1/24, the split of
// 10.0.0.0/24 between two nodes, and what the original gets wrong about where host addresses go.
// Pure address maths: it needs no node and changes nothing, so it runs anywhere, any number of times.
//   ./shell scripts/cidr-explained.groovy [--cleanup]   (--cleanup: nothing to remove)

if (flag('cleanup')) { say 'cidr-explained makes nothing, so there is nothing to clean up.'; return }

say '''
Let us explain IP addressing and CIDR notation using 10.0.0.1/24 as an example.
An IPv4 address is 4 octets of 8 bits; /24 means the first 24 bits name the network
and the last 8 bits (2^8 = 256 addresses) number the hosts in it.'''

step('10.0.0.1/24, octet by octet') {
    def info = net.info('10.0.0.1/24')
    show info
    check info.binary() == '00001010.00000000.00000000.00000001', 'in binary: 00001010.00000000.00000000.00000001'
    check info.network() == '10.0.0.0' && info.broadcast() == '10.0.0.255', 'network 10.0.0.0, broadcast 10.0.0.255'
    check info.first() == '10.0.0.1' && info.last() == '10.0.0.254', 'usable 10.0.0.1 – 10.0.0.254'
    check info.netmask() == '255.255.255.0' && info.total() == 256 && info.usable() == 254, 'mask 255.255.255.0: 256 addresses, 254 usable'
}

say '''
In the VXLAN setup each node's interface gets an address in 10.0.0.0/24, and Docker
splits the /24 between the two nodes: node1 takes the first /25, node2 the second.'''

step('Split 10.0.0.0/24 in two, as the walkthrough does') {
    def halves = net.split('10.0.0.0/24', 2)
    show halves
    check halves*.cidr() == ['10.0.0.0/25', '10.0.0.128/25'], 'node1 gets 10.0.0.0/25, node2 gets 10.0.0.128/25'
    check halves.every { it.usable() == 126 }, 'each /25 as its own network has 126 usable addresses, not 128'
    show net.diagram('10.0.0.0/24', 2)
}

say '''
The walkthrough says node1's containers get 10.0.0.1 - 10.0.0.127 and node1's VXLAN
interface is 10.0.0.1, node2's 10.0.0.2. That is the mistake: both host addresses sit
inside node1's container range, so Docker on node1 may hand 10.0.0.2 to a container
while node2 already uses it — an address conflict across the overlay.'''

step('Show the conflict in the original plan') {
    def c1 = net.contains('10.0.0.0/25', '10.0.0.1')
    def c2 = net.contains('10.0.0.0/25', '10.0.0.2')
    show c1
    show c2
    check c1.contains() && c2.contains(), 'both host addresses (10.0.0.1, 10.0.0.2) fall inside node1\'s container range'
}

say '''
The right plan (what `overlay create 10.0.0.0/24` computes) splits the /24 into four /26:
the first quarter for host addresses and VIPs, one quarter per node for containers, one spare.
Then no host address can ever be handed to a container, and no two nodes share a range.'''

step('A plan without conflicts') {
    def quarters = net.split('10.0.0.0/24', 4)
    show quarters
    def hosts = quarters[0].cidr(), node1 = quarters[1].cidr(), node2 = quarters[2].cidr()
    check hosts == '10.0.0.0/26' && node1 == '10.0.0.64/26' && node2 == '10.0.0.128/26',
            'hosts/VIPs 10.0.0.0/26, node1 containers 10.0.0.64/26, node2 containers 10.0.0.128/26'
    check !net.contains(node1, '10.0.0.1').contains() && !net.contains(node2, '10.0.0.2').contains(),
            'host addresses 10.0.0.1 and 10.0.0.2 are outside every container range'
    check !net.overlap(node1, node2).overlap(), 'the two container ranges do not overlap'
    check net.contains('10.0.0.0/24', '10.0.0.130').contains(), 'every address is still in the one /24, so all of them reach each other'
}

say 'Done: the split ranges are as stated, and the conflict-free plan checks out.'
