// FDB: a peer's flood entry missing, so ARP never reaches that peer (walkthrough 2's mesh, fact 2 of the design).
exercise {
    title 'FDB: a peer that never hears ARP'
    goal '''Every container still reaches every other: each node was told of the others' containers. But doctor says
node1's mesh has a gap: node1 no longer floods to one peer, so a container that comes later on that peer, or one
that moves, is cut off from node1. Find the flood entry node1 lost and put it back.'''
    setup {
        // Walkthrough 2 on three nodes: an overlay, a web container on each node, a VIP over the three.
        run 'overlay create 10.0.0.0/24 --vni 100'
        run 'container run web1 --on node1'
        run 'container run web2 --on node2'
        run 'container run web3 --on node3'
        run 'lb add-vip 192.168.56.100:80 --on node1 --backend 10.0.0.65:80 --backend 10.0.0.129:80 --backend 10.0.0.193:80'
    }
    plant 'fdb-missing', on: 'node1', peer: '192.168.56.11'
    hint 'a flooding mesh needs one all-zeros FDB entry per peer: node1 bridge fdb show dev vxlan0'
    hint 'doctor\'s fdb check lists the peers each node floods to'
    check 'pingall --overlay'
    check 'trace web1 web2:80'
    check 'doctor clean'
    solution {
        run 'node1 bridge fdb append 00:00:00:00:00:00 dev vxlan0 dst 192.168.56.11'
    }
}
