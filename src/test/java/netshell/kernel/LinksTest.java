package netshell.kernel;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.Test;

class LinksTest {
    private final List<Link> links = Links.parse(Resources.read("kernel/node-a-link.json"));

    private Link named(String name) {
        return links.stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void readsOurVxlanDeviceFromRealKernelOutput() {
        Link vx = named("vxlan0");
        assertEquals("vxlan", vx.kind());
        assertEquals(100, vx.vni());
        assertEquals("192.168.56.10", vx.vxlanLocal());
        assertEquals(4789, vx.vxlanPort());
        assertEquals("eth1", vx.vxlanDev());
        assertEquals(Boolean.TRUE, vx.learning());
        assertEquals(1450, vx.mtu());
        assertEquals("nsbr0", vx.master());
        assertEquals("netshell", vx.alias());
        assertTrue(vx.ours());
        assertTrue(vx.adminUp());
        assertEquals("UNKNOWN", vx.state());
        assertEquals(3, vx.ifindex());
        assertEquals("d6:01:5a:24:8e:59", vx.mac());
    }

    @Test
    void foreignDownVxlanWithNolearningIsRecognised() {
        Link vx = named("vxlan9");
        assertEquals(200, vx.vni());
        assertEquals(Boolean.FALSE, vx.learning());
        assertFalse(vx.adminUp());
        assertEquals("DOWN", vx.state());
        assertNull(vx.alias());
        assertFalse(vx.ours());
    }

    @Test
    void otherKindsHaveNoVxlanFields() {
        assertEquals("bridge", named("nsbr0").kind());
        assertNull(named("nsbr0").vni());
        assertNull(named("nsbr0").learning(), "the bridge-port learning flag must not leak into the VXLAN field");
        assertNull(named("lo").kind());
        assertEquals("veth", named("eth1").kind());
        assertEquals(6, links.size());
    }

    @Test
    void olderIproute2ReportsUnderlayAsIfindex() {
        String json = """
                [{"ifindex":2,"ifname":"eth1","flags":["UP"],"mtu":1500,"operstate":"UP"},
                 {"ifindex":5,"ifname":"vxlan0","flags":[],"mtu":1450,
                  "linkinfo":{"info_kind":"vxlan","info_data":{"id":7,"local":"10.1.1.1","link":2,"port":4789}}}]""";
        Link vx = Links.parse(json).get(1);
        assertEquals("eth1", vx.vxlanDev());
        assertNull(vx.learning());
        assertNull(vx.alias());
        assertFalse(vx.adminUp());
    }

    @Test
    void emptyOutputIsNoDevices() {
        assertEquals(List.of(), Links.parse(""));
        assertEquals(List.of(), Links.parse("[]"));
    }

    @Test
    void malformedJsonNamesTheCommand() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Links.parse("[{\"ifname\": "));
        assertTrue(e.getMessage().contains("ip -j -d link"), e.getMessage());
        IllegalStateException notArray = assertThrows(IllegalStateException.class,
                () -> Links.parse("{\"ifname\":\"x\"}"));
        assertTrue(notArray.getMessage().contains("not an array"));
    }

    @Test
    void aStaticMeshDeviceProxiesArp() {
        Link vx = Links.parse(Resources.read("static/node2-link.json")).stream().filter(l -> l.name().equals("vxlan0"))
                .findFirst().orElseThrow();
        assertEquals(Boolean.TRUE, vx.proxy());
        assertEquals(Boolean.FALSE, vx.learning());
        Link br = Links.parse(Resources.read("static/node2-link.json")).stream().filter(l -> l.name().equals("nsbr0"))
                .findFirst().orElseThrow();
        assertEquals(null, br.proxy());
    }
}
