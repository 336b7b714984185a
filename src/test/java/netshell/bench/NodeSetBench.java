package netshell.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.Map;

import netshell.core.BadInput;
import netshell.core.NodeSet;

/**
 * For bench/nodeset.sh: how long a node selector takes to resolve (or be refused) against 100 nodes, and the peak
 * heap it needs. {@code huge} is issue 23's 3.2 KB selector (node[1-99999,…], 400 ranges: 40 million names);
 * {@code limit} names exactly 100,000; {@code small} is a typical node[1-8,10]!node3.
 */
public final class NodeSetBench {
    private NodeSetBench() {}

    public static void main(String[] args) {
        String selector = switch (args[0]) {
            case "huge" -> "node[" + String.join(",", java.util.Collections.nCopies(400, "1-99999")) + "]";
            case "limit" -> "node[1-100000]";
            case "small" -> "node[1-8,10]!node3";
            default -> throw new IllegalArgumentException("huge | limit | small");
        };
        List<String> names = java.util.stream.IntStream.rangeClosed(1, 100).mapToObj(i -> "node" + i).toList();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) pool.resetPeakUsage();
        long t0 = System.nanoTime();
        String outcome;
        try {
            outcome = NodeSet.resolve(selector, names, Map.of()).size() + " nodes";
        } catch (BadInput e) {
            outcome = "refused: " + e.getMessage().substring(0, Math.min(80, e.getMessage().length()));
        } catch (OutOfMemoryError e) {
            outcome = "out of memory";
        }
        long micros = (System.nanoTime() - t0) / 1000;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
        }
        System.out.printf("%s selector (%d bytes): %.1f ms, peak heap %d MB, %s%n", args[0], selector.length(),
                micros / 1000.0, peak >> 20, outcome);
    }
}
