package netshell.trouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netshell.capture.PcapngWritten;
import netshell.command.Target;
import netshell.lab.Lab;
import netshell.node.Fleet;
import netshell.node.Inventory;
import netshell.node.SshNode;
import netshell.node.ExecResult;
import netshell.node.LocalNode;
import netshell.node.TestLabs;
import netshell.shell.ShellCompleter;
import netshell.testing.Eventually;
import netshell.testing.NeedsRoot;
import netshell.testing.TestShell;
import netshell.testing.TestTimeouts;

/**
 * {@code tcpdump … -w}: the merged pcapng of a real overlay, read back by Wireshark's own tools (tshark, capinfos):
 * every node's interface named, packets in time order, the VNI comment, a whole file after a cancel, and nothing
 * but pcapng on standard output with {@code -w -}.
 */
@NeedsRoot("ip netns, tcpdump, tshark")
class TcpdumpPcapngLabTest {
    static final LocalNode HOST = new LocalNode("local");
    static Walkthrough2 setup;
    static TestShell shell;

    @TempDir
    Path dir;

    @BeforeAll
    static void up() {
        shell = TestShell.lab("nspc", 2);
        setup = new Walkthrough2(shell).overlay().containers();
        // Fresh interfaces send IPv6 neighbour and MLD packets for a while: a first ping, then let them pass.
        HOST.run("ip", "netns", "exec", setup.container(1), "ping", "-c", "1", "-W", "2", "10.0.0.129");
        awaitQuietOverlay();
    }

    @AfterAll
    static void down() {
        if (setup != null) setup.close();
        else if (shell != null) shell.close();
    }

    @Test
    void writesOnePcapngOfBothNodesInTimeOrderWithTheVni() throws Exception {
        Path file = dir.resolve("overlay.pcapng");
        AtomicReference<TestShell.Run> result = new AtomicReference<>();
        Thread capture = new Thread(() -> result.set(shell.run("tcpdump vxlan -c 6 -w " + file)));
        capture.start();
        pingUntilDone(capture, "node1", "node2");
        TestShell.Run r = result.get();
        assertEquals(0, r.status(), r.err());
        assertEquals("wrote 12 packets to " + file + " (node1:eth1 6, node2:eth1 6)", r.out().strip());

        List<String[]> packets = tshark(file, "frame.interface_name", "frame.time_epoch", "frame.comment");
        System.out.println("tshark -r " + file + ":");
        packets.forEach(p -> System.out.println("  " + String.join("  ", p)));
        assertEquals(12, packets.size());
        assertEquals(Set.of("node1:eth1", "node2:eth1"), names(packets));
        assertInTimeOrder(packets);
        assertTrue(packets.stream().anyMatch(p -> p[2].equals("VXLAN VNI 100: 10.0.0.65 > 10.0.0.129 ICMP")),
                "the ping's VNI and inner addresses as a comment");
        assertTrue(packets.stream().allMatch(p -> p[2].startsWith("VXLAN VNI 100: ")), "every packet is VXLAN");
        String info = capinfos(file);
        assertTrue(info.contains("Strict time order:   True"), info);
        assertTrue(info.contains("nanoseconds (9)"), info);
        assertTrue(info.contains("Capture application: netshell"), info);

        // The same through the typed result, as Groovy and --json see it.
        Object typed = shell.invoke("tcpdump vxlan -c 1 --on node2 --dry-run -w " + file);
        assertEquals(null, typed, "a dry run captures nothing");
    }

    @Test
    void aCancelledCaptureLeavesAWholeFileAndNoTcpdump() throws Exception {
        Path file = dir.resolve("cancelled.pcapng");
        List<String> namespaces = List.of(shell.lab().name() + "-node1", shell.lab().name() + "-node2");
        AtomicReference<TestShell.Run> result = new AtomicReference<>();
        Thread capture = new Thread(() -> result.set(shell.run("tcpdump vxlan -w " + file)));
        capture.start();
        try {
            for (String ns : namespaces)
                Eventually.until(Duration.ofSeconds(15), () -> TestLabs.capturingIn(ns, "tcpdump"),
                        "tcpdump listening in " + ns);
            // Pings until some packets are in the file (whole blocks are flushed as they leave the window).
            Eventually.until(Duration.ofSeconds(20), () -> {
                HOST.run("ip", "netns", "exec", setup.container(1), "ping", "-c", "1", "-W", "1", "10.0.0.129");
                return size(file) > 1000;
            }, "packets written before the cancel");
            // A ping flood in the background, so that the cancel lands mid-stream.
            Process flood = new ProcessBuilder("ip", "netns", "exec", setup.container(1), "ping", "-f", "-c", "20000",
                    "10.0.0.129").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                Eventually.until(Duration.ofSeconds(10), () -> size(file) > 20_000, "the flood being written");
            } finally {
                capture.interrupt();
                flood.destroyForcibly().waitFor();
            }
        } finally {
            capture.interrupt();
            capture.join(TestTimeouts.scaledMillis(10_000));
        }
        assertFalse(capture.isAlive(), "capture did not stop");
        assertEquals(130, result.get().status(), result.get().err());
        Eventually.until(Duration.ofSeconds(3),
                () -> namespaces.stream().filter(ns -> !TestLabs.pidsIn(ns, "tcpdump").isEmpty()).toList(),
                List::isEmpty, "no tcpdump left (namespaces with one)");
        assertWholeBlocks(Files.readAllBytes(file));
        List<String[]> packets = tshark(file, "frame.interface_name", "frame.time_epoch", "frame.comment");
        assertTrue(packets.size() > 20, "packets before the cancel: " + packets.size());
        assertEquals(Set.of("node1:eth1", "node2:eth1"), names(packets));
        // Under a flood on a busy machine a node can fall further behind than the merge's window: counted, not
        // asserted (the order is asserted where the machine keeps up, above and below).
        System.out.printf("cancelled mid-flood: %d packets, %d bytes, every block whole, %d out of time order%n",
                packets.size(), Files.size(file), outOfOrder(packets));
    }

    @Test
    void dashWritesOnlyPcapngOnStandardOutput() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), "netshell.Main", "-c", "tcpdump vxlan -c 3 -w -");
        pb.environment().put("NETSHELL_LAB", shell.lab().name());
        Process p = pb.start();
        AtomicReference<byte[]> out = new AtomicReference<>();
        AtomicReference<byte[]> err = new AtomicReference<>();
        Thread readOut = drain(p.getInputStream(), out);
        Thread readErr = drain(p.getErrorStream(), err);
        try {
            Thread waiter = new Thread(() -> {
                try {
                    p.waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            waiter.start();
            pingUntilDone(waiter, "node1", "node2");
        } finally {
            p.destroyForcibly();
        }
        readOut.join();
        readErr.join();
        assertEquals(0, p.exitValue(), new String(err.get()));
        byte[] bytes = out.get();
        assertWholeBlocks(bytes); // every byte on stdout belongs to a pcapng block: nothing else was printed
        Path file = dir.resolve("stdout.pcapng");
        Files.write(file, bytes);
        List<String[]> packets = tshark(file, "frame.interface_name", "frame.time_epoch", "frame.comment");
        assertEquals(6, packets.size());
        assertEquals(Set.of("node1:eth1", "node2:eth1"), names(packets));
        assertInTimeOrder(packets);
        System.out.printf("-w -: %d bytes of pcapng on stdout, %d packets%n", bytes.length, packets.size());
    }

    @Test
    void badTargetsAndConflictsAreOneLineAndCompletionOffersW() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Files.createSymbolicLink(dir.resolve("link.pcapng"), dir.resolve("elsewhere.pcapng"));
        String[][] cases = {
                {"tcpdump vxlan -w " + sub, "-w " + sub + ": is a directory; name a file in it"},
                {"tcpdump vxlan -w " + dir.resolve("none/x.pcapng"), "no such directory " + dir.resolve("none")},
                {"tcpdump vxlan -w /proc/x.pcapng", "-w /proc/x.pcapng: "},
                {"tcpdump vxlan -w " + dir.resolve("link.pcapng"), "is a symbolic link; it is not followed"},
                {"tcpdump eth1 --raw -w " + dir.resolve("r.pcapng"), "-w writes the packets to a file and --raw"},
                {"tcpdump vxlan --explain -w -", "--explain prints on standard output, where -w - writes"},
                {"tcpdump vxlan -w - --json", "--json prints on standard output, where -w - writes"},
                {"tcpdump vxlan -w ''", "--write has an empty value"}};
        for (String[] c : cases) {
            TestShell.Run r = shell.run(c[0]);
            assertEquals(2, r.status(), c[0] + " → " + r.out() + r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().contains(c[1]), c[0] + " → " + r.err());
            assertEquals("", r.out());
        }
        assertFalse(Files.exists(dir.resolve("elsewhere.pcapng")), "the link was not followed");
        assertTrue(TestLabs.pidsIn(shell.lab().name() + "-node1", "tcpdump").isEmpty(), "nothing was started");

        var dry = shell.run("tcpdump eth1 icmp --on node1 -c 2 -w x.pcapng --dry-run");
        assertEquals("node1$ tcpdump -i eth1 --immediate-mode --time-stamp-precision=nano -U -w - -c 2 icmp",
                dry.out().strip());
        assertFalse(Files.exists(Path.of("x.pcapng")), "a dry run writes no file");

        ShellCompleter completer = new ShellCompleter(shell.session());
        var options = completer.suggest(List.of("tcpdump", "vxlan", "-")).stream()
                .map(ShellCompleter.Suggestion::value).toList();
        assertTrue(options.contains("--write") || options.contains("-w"), options.toString());
        String help = shell.run("tcpdump --help").out();
        assertTrue(help.contains("--write FILE") && help.contains("wireshark -k -i -"), help);
    }

    @Test
    void theTypedResultCountsPacketsPerInterface() throws Exception {
        Path file = dir.resolve("typed.pcapng");
        AtomicReference<Object> result = new AtomicReference<>();
        Thread capture = new Thread(() -> {
            try {
                result.set(shell.invoke("tcpdump eth1 udp port 4789 -c 2 --on node1 -w " + file));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        capture.start();
        pingUntilDone(capture, "node1");
        PcapngWritten w = (PcapngWritten) result.get();
        assertEquals(Map.of("node1:eth1", 2), w.packets());
        assertEquals(2, w.total());
        assertFalse(w.failed());
        assertEquals(2, tshark(file, "frame.interface_name").size());

        // The same from Groovy: named arguments are the options, the result is the typed one.
        Path groovyFile = dir.resolve("groovy.pcapng");
        AtomicReference<TestShell.Run> groovy = new AtomicReference<>();
        Thread script = new Thread(() -> groovy.set(shell.run("w = tcpdump('eth1', 'udp', 'port', '4789', write: '"
                + groovyFile + "', count: 1, on: 'node2'); println \"groovy: ${w.total()} ${w.packets()}\"")));
        script.start();
        pingUntilDone(script, "node2");
        assertEquals(0, groovy.get().status(), groovy.get().err());
        assertEquals("groovy: 1 [node2:eth1:1]", groovy.get().out().strip());
        assertEquals(Set.of("node2:eth1"), names(tshark(groovyFile, "frame.interface_name")));
    }

    /**
     * Over SSH (the lab's sshd, JSch exec channels): the pcap bytes come through the channel after the wrapper's pid
     * line, and a cancel leaves a whole file and no tcpdump.
     */
    @Test
    void overSshTheFileIsWholeAndNoTcpdumpIsLeft() throws Exception {
        Path file = dir.resolve("ssh.pcapng");
        Lab lab = new Lab("nspc-" + UUID.randomUUID().toString().substring(0, 6),
                Path.of("/tmp", "nspc-ssh-" + UUID.randomUUID()));
        try {
            lab.up(2, true);
            Fleet fleet = Fleet.of(Inventory.load(lab.sshConfig()), SshNode.Options.defaults());
            try (TestShell ssh = TestShell.on(new Target("ssh", fleet, null, null))) {
                assertEquals("ssh", ssh.node("node1").transport());
                List<String> namespaces = List.of(lab.name() + "-node1", lab.name() + "-node2");
                AtomicReference<TestShell.Run> result = new AtomicReference<>();
                Thread capture = new Thread(() -> result.set(ssh.run("tcpdump eth1 icmp -w " + file)));
                capture.start();
                try {
                    for (String ns : namespaces)
                        Eventually.until(Duration.ofSeconds(20), () -> TestLabs.capturingIn(ns, "tcpdump"),
                                "tcpdump listening in " + ns);
                    Eventually.until(Duration.ofSeconds(20), () -> {
                        HOST.run("ip", "netns", "exec", namespaces.get(0), "ping", "-c", "1", "-W", "1",
                                "192.168.56.11");
                        return size(file) > 1500; // a request and a reply on each node, at least
                    }, "pings written");
                } finally {
                    capture.interrupt();
                    capture.join(TestTimeouts.scaledMillis(10_000));
                }
                assertFalse(capture.isAlive(), "capture did not stop");
                assertEquals(130, result.get().status(), result.get().err());
                Eventually.until(Duration.ofSeconds(5),
                        () -> namespaces.stream().filter(ns -> !TestLabs.pidsIn(ns, "tcpdump").isEmpty()).toList(),
                        List::isEmpty, "no tcpdump left (namespaces with one)");
                assertWholeBlocks(Files.readAllBytes(file));
                List<String[]> packets = tshark(file, "frame.interface_name", "frame.time_epoch", "frame.comment");
                assertEquals(Set.of("node1:eth1", "node2:eth1"), names(packets));
                assertInTimeOrder(packets);
                System.out.printf("ssh: %d packets, every block whole, no tcpdump left%n", packets.size());
            }
        } finally {
            lab.down();
        }
    }

    /** Waits until no packet has crossed either node's VXLAN device for a second (see TcpdumpLabTest). */
    static void awaitQuietOverlay() {
        long[] since = {System.nanoTime()};
        String[] last = {""};
        Eventually.until(Duration.ofSeconds(20), () -> {
            StringBuilder now = new StringBuilder();
            for (String node : List.of("node1", "node2"))
                now.append(HOST.run("ip", "netns", "exec", shell.lab().name() + "-" + node, "cat",
                        "/sys/class/net/vxlan0/statistics/tx_packets").stdout().strip()).append(' ');
            if (!now.toString().equals(last[0])) {
                last[0] = now.toString();
                since[0] = System.nanoTime();
            }
            return System.nanoTime() - since[0] >= 1_000_000_000L;
        }, "a second with no packet over the overlay");
    }

    /** Walks the blocks by their length fields: they must end exactly at the last byte. */
    static void assertWholeBlocks(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertTrue(bytes.length >= 28 && b.getInt(0) == 0x0A0D0D0A, "starts with a section header");
        Set<Integer> types = new TreeSet<>();
        int at = 0;
        while (at < bytes.length) {
            assertTrue(bytes.length - at >= 12, "a cut block at " + at);
            int type = b.getInt(at);
            int length = b.getInt(at + 4);
            assertTrue(length >= 12 && at + length <= bytes.length, "block at " + at + " of length " + length
                    + " runs past the end (" + bytes.length + ")");
            assertEquals(length, b.getInt(at + length - 4), "trailing length of the block at " + at);
            types.add(type);
            at += length;
        }
        assertEquals(Set.of(1, 6, 0x0A0D0D0A), types, "section, interfaces and packets only");
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    static Set<String> names(List<String[]> packets) {
        Set<String> names = new TreeSet<>();
        packets.forEach(p -> names.add(p[0]));
        return names;
    }

    static int outOfOrder(List<String[]> packets) {
        int n = 0;
        for (int i = 1; i < packets.size(); i++)
            if (new BigDecimal(packets.get(i - 1)[1]).compareTo(new BigDecimal(packets.get(i)[1])) > 0) n++;
        return n;
    }

    static void assertInTimeOrder(List<String[]> packets) {
        for (int i = 1; i < packets.size(); i++)
            assertTrue(new BigDecimal(packets.get(i - 1)[1]).compareTo(new BigDecimal(packets.get(i)[1])) <= 0,
                    "packet " + (i + 1) + " is earlier than the one before it: " + String.join(" ", packets.get(i - 1))
                            + " / " + String.join(" ", packets.get(i)));
    }

    /** tshark's fields per packet; tshark must read the file without an error (a cut file is one). */
    static List<String[]> tshark(Path file, String... fields) {
        List<String> argv = new ArrayList<>(List.of("tshark", "-r", file.toString(), "-T", "fields"));
        for (String f : fields) argv.addAll(List.of("-e", f));
        ExecResult r = HOST.run(argv);
        assertEquals(0, r.exit(), "tshark -r " + file + ": " + r.stderr());
        assertFalse(r.stderr().contains("cut short"), r.stderr());
        return r.stdout().lines().map(l -> Arrays.copyOf(l.split("\t", -1), fields.length)).toList();
    }

    static String capinfos(Path file) {
        ExecResult r = HOST.run("capinfos", file.toString());
        assertEquals(0, r.exit(), r.stderr());
        return r.stdout();
    }

    static Thread drain(InputStream in, AtomicReference<byte[]> into) {
        Thread t = new Thread(() -> {
            try (in) {
                into.set(in.readAllBytes());
            } catch (IOException e) {
                into.set(new byte[0]);
            }
        });
        t.start();
        return t;
    }

    /** Pings c3 from c1 until the capture has its packets, once tcpdump listens on each of {@code nodes}. */
    static void pingUntilDone(Thread capture, String... nodes) throws InterruptedException {
        for (String node : nodes) {
            String ns = shell.lab().name() + "-" + node;
            Eventually.until(Duration.ofSeconds(20), () -> TestLabs.capturingIn(ns, "tcpdump"),
                    "tcpdump listening in " + ns);
        }
        long deadline = System.nanoTime() + TestTimeouts.scaled(Duration.ofSeconds(20)).toNanos();
        while (capture.isAlive() && System.nanoTime() - deadline < 0)
            HOST.run("ip", "netns", "exec", setup.container(1), "ping", "-c", "1", "-W", "1", "10.0.0.129");
        capture.join(TestTimeouts.scaledMillis(5_000));
        assertFalse(capture.isAlive(), "capture did not finish");
    }
}
