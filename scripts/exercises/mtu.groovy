// MTU: one end of a tunnel with a smaller MTU than the other, a PMTUD black hole (flannel #1171).
//   exercise start scripts/exercises/mtu.groovy
exercise {
    title 'MTU: pings pass, full-size packets vanish'
    goal '''Small pings cross the overlay, but full-size packets between web2 and the others vanish without an error.
Find where the tunnel is narrower than it should be (VXLAN costs 50 bytes: 1450 on a 1500 underlay) and fix it.'''
    setup {
        // Walkthrough 2 on three nodes: an overlay, a web container on each node, a VIP over the three.
        run 'overlay create 10.0.0.0/24 --vni 100'
        run 'container run web1 --on node1'
        run 'container run web2 --on node2'
        run 'container run web3 --on node3'
        run 'lb add-vip 192.168.56.100:80 --on node1 --backend 10.0.0.65:80 --backend 10.0.0.129:80 --backend 10.0.0.193:80'
    }
    plant 'mtu', on: 'node2'
    hint 'pingall sends small packets; trace web2 web1:80 --size 1450 sends a full-size one with do-not-fragment'
    hint 'doctor compares the MTU at both ends of each tunnel'
    hint 'node2 ip -d link show vxlan0: every device of the overlay should say mtu 1450'
    check 'pingall --overlay'
    check 'trace web2 web1:80 --size 1450'
    check 'doctor clean'
    solution {
        run 'node2 ip link set vxlan0 mtu 1450'
    }
}
