// VNI: one node's VXLAN device on another VNI, as another agent's would be (calico #6752).
exercise {
    title 'VNI: one node speaks on another network'
    goal '''web3 on node3 cannot be reached from web1 or web2, yet node3's VXLAN device is up and its underlay pings.
Find what node3's tunnel disagrees with its peers about, and make it agree (VNI 100, port 4789).'''
    setup {
        // Walkthrough 2 on three nodes: an overlay, a web container on each node, a VIP over the three.
        run 'overlay create 10.0.0.0/24 --vni 100'
        run 'container run web1 --on node1'
        run 'container run web2 --on node2'
        run 'container run web3 --on node3'
        run 'lb add-vip 192.168.56.100:80 --on node1 --backend 10.0.0.65:80 --backend 10.0.0.129:80 --backend 10.0.0.193:80'
    }
    plant 'wrong-vni', on: 'node3'
    hint 'trace web1 web3:80 says where the packet is dropped, and why'
    hint 'vxlan show lists each node\'s device with its VNI and port; doctor\'s vxlan-agree compares them'
    hint 'a VNI cannot be changed in place: the device is made again, and overlay create makes what is missing'
    check 'pingall --overlay'
    check 'trace web1 web3:80'
    check 'doctor clean'
    solution {
        run 'node3 ip link del vxlan0'
        run 'overlay create 10.0.0.0/24 --vni 100'
    }
}
