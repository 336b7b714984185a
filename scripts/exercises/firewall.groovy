// Firewall: UDP 4789 dropped on one node, as a ufw or nft default-deny would (flannel #2055, moby #27016).
exercise {
    title 'Firewall: the underlay pings, the overlay is cut'
    goal '''node2 answers pings on the underlay, but no container reaches web2 and web2 reaches none.
Find what stops the tunnel's packets on node2 and let VXLAN (UDP 4789) through.'''
    setup {
        // Walkthrough 2 on three nodes: an overlay, a web container on each node, a VIP over the three.
        run 'overlay create 10.0.0.0/24 --vni 100'
        run 'container run web1 --on node1'
        run 'container run web2 --on node2'
        run 'container run web3 --on node3'
        run 'lb add-vip 192.168.56.100:80 --on node1 --backend 10.0.0.65:80 --backend 10.0.0.129:80 --backend 10.0.0.193:80'
    }
    plant 'firewall-vxlan', on: 'node2'
    hint 'trace web1 web2:80 walks the packet to node2: which phase drops it?'
    hint 'node2 iptables -S INPUT shows what node2 does with packets addressed to it'
    check 'pingall --overlay'
    check 'trace web1 web2:80'
    check 'curl 192.168.56.100:80'
    check 'doctor clean'
    solution {
        run 'node2 iptables -D INPUT -p udp --dport 4789 -j DROP'
    }
}
