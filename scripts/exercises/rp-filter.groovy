// rp_filter: strict reverse-path filtering on a tunnel device (cilium #13130).
exercise {
    title 'rp_filter: packets dropped without a trace'
    goal '''Nothing is broken yet on this symmetric lab, but node2 drops any packet whose way back would leave by
another device: the first asymmetric route will lose traffic silently. Find the setting and make it loose again.'''
    setup {
        // Walkthrough 2 on three nodes: an overlay, a web container on each node, a VIP over the three.
        run 'overlay create 10.0.0.0/24 --vni 100'
        run 'container run web1 --on node1'
        run 'container run web2 --on node2'
        run 'container run web3 --on node3'
        run 'lb add-vip 192.168.56.100:80 --on node1 --backend 10.0.0.65:80 --backend 10.0.0.129:80 --backend 10.0.0.193:80'
    }
    plant 'rp-filter', on: 'node2'
    hint 'doctor reads rp_filter on conf/all and on every device'
    hint 'the kernel takes the larger of conf/all/rp_filter and conf/DEVICE/rp_filter: 1 is strict, 2 loose'
    check 'pingall --overlay'
    check 'doctor clean'
    solution {
        run 'node2 sysctl -w net.ipv4.conf.all.rp_filter=2'
        run 'node2 sysctl -w net.ipv4.conf.vxlan0.rp_filter=2'
    }
}
