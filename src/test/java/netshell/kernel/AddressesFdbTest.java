package netshell.kernel;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.Test;

class AddressesFdbTest {
    @Test
    void hostAddressSitsOnTheBridge() {
        List<IfAddress> addrs = Addresses.parse(Resources.read("kernel/node-a-addr.json"));
        assertTrue(addrs.contains(new IfAddress("nsbr0", "inet", "10.0.0.1", 24)));
        assertTrue(addrs.contains(new IfAddress("eth1", "inet", "192.168.56.10", 24)));
        assertTrue(addrs.contains(new IfAddress("lo", "inet6", "::1", 128)));
        assertTrue(addrs.stream().noneMatch(a -> a.ifname().equals("vxlan0") && a.family().equals("inet")));
        assertEquals("10.0.0.1/24", new IfAddress("nsbr0", "inet", "10.0.0.1", 24).cidr());
    }

    @Test
    void containerAddressesParse() {
        List<IfAddress> addrs = Addresses.parse(Resources.read("kernel/container-addr.json"));
        assertTrue(addrs.contains(new IfAddress("eth0", "inet", "10.0.0.20", 24)));
    }

    @Test
    void devicesWithoutAddrInfoAreTolerated() {
        assertEquals(List.of(), Addresses.parse("[{\"ifindex\":3,\"ifname\":\"vxlan0\"},{}]"));
        assertThrows(IllegalStateException.class, () -> Addresses.parse("not json"));
    }

    @Test
    void floodEntriesOfTheMeshAreFound() {
        NodeState state = NodeState.of(List.of(), Fdb.parse(Resources.read("kernel/node-a-fdb.json")));
        assertEquals(List.of("192.168.56.11", "192.168.56.12"), state.floodDestinations("vxlan0"));
        assertEquals(List.of(), state.floodDestinations("nsbr0"));
        // the entries it learned point at peers as well, but nobody programmed them: no static mesh here
        assertEquals(List.of(), state.staticDestinations("vxlan0"));
        assertEquals(List.of("192.168.56.11", "192.168.56.12"), state.meshPeers("vxlan0"));
    }

    @Test
    void fdbEntriesKeepMasterAndFlags() {
        List<FdbEntry> fdb = Fdb.parse(Resources.read("kernel/node-a-fdb.json"));
        assertTrue(fdb.contains(new FdbEntry("00:00:00:00:00:00", "vxlan0", "192.168.56.12", null, List.of("self"))));
        assertTrue(fdb.contains(new FdbEntry("d6:01:5a:24:8e:59", "vxlan0", null, "nsbr0", List.of())));
        assertTrue(Fdb.parse(Resources.read("kernel/container-fdb.json")).stream().noneMatch(FdbEntry::isFloodEntry));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Fdb.parse("[1,2]"));
        assertTrue(e.getMessage().contains("bridge -j fdb"));
    }

    @Test
    void netnsListIsEmptyOutputWhenThereAreNone() {
        assertEquals(List.of(), Netns.parse(""));
        assertEquals(List.of("web1", "web2"), Netns.parse("[{\"name\":\"web1\",\"id\":0},{\"name\":\"web2\"}]"));
    }

    /** An "address" that is not one (a wrapped ip on a hostile node) is left out, never handed on. */
    @Test
    void entriesThatAreNotAddressesAreLeftOut() {
        String json = "[{\"ifname\":\"eth0\",\"addr_info\":[{\"family\":\"inet\",\"local\":\"-oProxyCommand=x\","
                + "\"prefixlen\":24},{\"family\":\"inet\",\"local\":\"10.0.0.65\",\"prefixlen\":24},"
                + "{\"family\":\"inet6\",\"local\":\"fd00::41 x\",\"prefixlen\":64}]}]";
        assertEquals(java.util.List.of(new IfAddress("eth0", "inet", "10.0.0.65", 24)), Addresses.parse(json));
    }
}
