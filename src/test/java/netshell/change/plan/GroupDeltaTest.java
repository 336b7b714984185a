package netshell.change.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The node's diff output (captured from node-library.sh on a real namespace) as deltas, and back as undo input. */
class GroupDeltaTest {
    static List<GroupDelta> golden() throws Exception {
        return GroupDelta.parseAll(Files.readString(Path.of("src/test/resources/change/state-diff.txt")));
    }

    @Test
    void everyChangedGroupWithItsHunksAndSmallAfterText() throws Exception {
        List<GroupDelta> d = golden();
        assertEquals(List.of("addresses", "ipt4.filter", "ipt4.nat", "links", "nft.ip.bar", "nft.ip.foo", "routes",
                "rules", "sysctl"), d.stream().map(GroupDelta::group).toList());
        GroupDelta links = d.get(3);
        assertEquals(List.of("- br0 bridge mtu 1500 up", "+ br0 bridge mtu 1400 up",
                "+ vx1 vxlan id 7 dstport 4789 local 10.1.0.1 mtu 1500"), links.plusMinus());
        assertEquals(List.of(), links.linksRemoved(), "br0 changed, it was not removed");
        assertEquals(3, links.afterText().size());
        assertEquals("iptables filter", d.get(1).displayName());
        assertEquals("nft ip bar", d.get(4).displayName());
        assertFalse(d.get(2).existedBefore(), "the nat table came with the change");
        assertTrue(d.get(5).afterText().isEmpty(), "table ip foo went");
        assertEquals(List.of("+ -A INPUT -p tcp -m tcp --dport 22 -j DROP"), d.get(1).plusMinus());
    }

    @Test
    void undoInputNamesEachGroupWhetherItExistedItsDigestsThenItsHunks() throws Exception {
        String in = GroupDelta.undoInput(golden());
        assertTrue(in
                .startsWith("### addresses present 9639290f704eb682ad76c7dab9f0387a 2ebc7fcd8574ecb270e6ae61fc9a3e31\n"
                        + "@@ -3,0 +4 @@\n+10.3.0.1/24 dev br0\n### ipt4.filter present "),
                in);
        assertTrue(in.contains("### ipt4.nat absent 84017b4d73b5ef48fbd674f0e48877fc -\n"), in);
        assertFalse(in.contains("\n="), "the after text stays with netshell");
    }

    @Test
    void theInverseOfAChangeSwapsItsSidesAndTwiceIsTheChangeAgain() throws Exception {
        GroupDelta links = golden().stream().filter(g -> g.group().equals("links")).findFirst().orElseThrow();
        GroupDelta back = links.inverse();
        assertEquals(links.afterDigest(), back.beforeDigest());
        assertEquals(links.beforeLines(), back.afterLines());
        assertEquals("@@ -2,2 +2 @@", back.hunks().get(0));
        assertTrue(back.hunks().get(1).startsWith("-"), "what the change added goes first: " + back.hunks());
        assertEquals(links.hunks().size(), back.hunks().size());
        assertEquals(links.plusMinus().stream().map(l -> (l.startsWith("+") ? "- " : "+ ") + l.substring(2)).sorted()
                .toList(), back.plusMinus().stream().sorted().toList());
        assertEquals(links.hunks(), back.inverse().hunks(), "a diff -U0 hunk lists - before +, as the node prints");
        assertEquals(List.of(), golden().get(2).inverse().afterText(), "the nat table did not exist before");
    }

    @Test
    void aCutGroupKeepsNoHunksAndABigOneNoText() {
        List<GroupDelta> d = GroupDelta.parseAll("### routes 900000 aa 900001 bb\n@@ -1 +1 @@\n-x\n### cut\n");
        assertTrue(d.get(0).cut());
        assertEquals(List.of(), d.get(0).hunks());
        assertNull(d.get(0).afterText());
    }

    @Test
    void roundTripsThroughTheJournalsMap() throws Exception {
        for (GroupDelta g : golden()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) new groovy.json.JsonSlurper()
                    .parseText(groovy.json.JsonOutput.toJson(g.toMap()));
            assertEquals(g, GroupDelta.fromMap(m));
        }
    }
}
