// A dead backend: the load balancer still sends a stopped container its share of the VIP's connections.
exercise {
    title 'A dead backend: one request in three hangs'
    goal '''Requests to the VIP 192.168.56.100:80 on node1 sometimes hang. Find the backend that no longer answers and take
it out of the VIP, so that every request is answered.'''
    setup {
        // Walkthrough 2 on three nodes: an overlay, a web container on each node, a VIP over the three.
        run 'overlay create 10.0.0.0/24 --vni 100'
        run 'container run web1 --on node1'
        run 'container run web2 --on node2'
        run 'container run web3 --on node3'
        run 'lb add-vip 192.168.56.100:80 --on node1 --backend 10.0.0.65:80 --backend 10.0.0.129:80 --backend 10.0.0.193:80'
    }
    plant 'backend-dead', backend: '10.0.0.129'
    hint 'lb test 192.168.56.100:80 shows who answered how often; lb check 192.168.56.100:80 probes each backend'
    hint 'doctor\'s lb-backends check names the backend that does not answer'
    check 'curl 192.168.56.100:80'
    check 'doctor clean'
    solution {
        run 'lb rm-backend 192.168.56.100:80 10.0.0.129:80 --reset'
    }
}
