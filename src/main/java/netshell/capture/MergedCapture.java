package netshell.capture;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import netshell.node.LineStream;
import netshell.node.Node;

/**
 * {@code tcpdump … -w FILE}: runs {@code tcpdump -w -} on every node and writes their packets as one pcapng file
 * (or standard output). Whatever ends it (every node done, Ctrl-C, the JVM told to stop, the reader of standard
 * output gone) stops tcpdump on every node and leaves the file whole: the shutdown hook covers a signal that ends
 * the JVM before the command can finish.
 */
final class MergedCapture {
    private MergedCapture() {}

    /** One node's capture: its tcpdump, where its bytes go, what it said on stderr. */
    private static final class NodeRun {
        final Node node;
        final List<String> argv;
        final PcapngCapture.NodeFeed feed;
        final List<String> said = new CopyOnWriteArrayList<>();
        LineStream stream;

        NodeRun(Node node, List<String> argv, PcapngCapture.NodeFeed feed) {
            this.node = node;
            this.argv = argv;
            this.feed = feed;
        }
    }

    static PcapngWritten run(Map<Node, List<String>> argvs, Map<Node, String> interfaceNames, String file,
            Integer vxlanPort) throws InterruptedException {
        OutputStream out = CaptureFile.open(file);
        List<LineStream> streams = new CopyOnWriteArrayList<>();
        Runnable stopAll = () -> streams.forEach(LineStream::cancel);
        PcapngCapture capture = new PcapngCapture(out, !CaptureFile.isStdout(file), vxlanPort, stopAll);
        Thread onExit = new Thread(() -> {
            finish(capture, new LinkedHashMap<>(), file); // whole blocks on disk first, then stop the nodes
            stopAll.run();
        }, "pcapng-at-exit");
        Runtime.getRuntime().addShutdownHook(onExit);
        Map<String, String> errors = new LinkedHashMap<>();
        List<NodeRun> runs = new ArrayList<>();
        Map<String, Integer> packets;
        try {
            argvs.forEach((node, argv) -> runs.add(new NodeRun(node, argv, capture.feed(interfaceNames.get(node)))));
            for (NodeRun r : runs) {
                r.stream = r.node.streamBytes(r.argv, r.feed, line -> {
                    if (isComplaint(line)) r.said.add(line.strip());
                });
                streams.add(r.stream);
            }
            for (NodeRun r : runs) {
                int exit = r.stream.waitFor();
                if (r.feed.error() != null) errors.put(r.node.name(), r.feed.error());
                else if (exit != 0 && exit != -1)
                    errors.put(r.node.name(),
                            r.said.isEmpty() ? "tcpdump exited with " + exit : String.join(" ", r.said));
            }
        } finally {
            stopAll.run();
            packets = finish(capture, errors, file);
            try {
                Runtime.getRuntime().removeShutdownHook(onExit);
            } catch (IllegalStateException e) {
                // Shutting down already: the hook does the same.
            }
        }
        return new PcapngWritten(file, packets, errors);
    }

    private static Map<String, Integer> finish(PcapngCapture capture, Map<String, String> errors, String file) {
        try {
            return capture.finish();
        } catch (IOException e) {
            errors.put("writing " + file, e.getMessage());
            return Map.of();
        }
    }

    /** tcpdump's stderr less its chatter (listening on…, the counts at the end): what went wrong, if anything. */
    static boolean isComplaint(String line) {
        String s = line.strip();
        return !s.isEmpty() && !s.contains("listening on") && !s.matches("\\d+ packets? .*");
    }
}
