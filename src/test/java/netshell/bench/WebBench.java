package netshell.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import netshell.overlay.ContainerCommands;
import netshell.testing.TestShell;

/**
 * For bench/web.sh: {@code render N} brings up a lab of N nodes, serves {@code web} and prints how long headless
 * Chromium takes from asking for the page to showing a box per node, against the same browser opening the static
 * {@code topology --html} page of the same lab (the baseline: the same picture with no server and no events).
 * {@code flood PPS} captures a ping flood of about PPS packets a second on a 2-node overlay with the page open and
 * prints the packets captured against the packet events the page drew, and how long the page takes to run a timer
 * during the flood against the same measure before it (the baseline: the page idle).
 */
public final class WebBench {
    private WebBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("flood")) {
            flood(Integer.parseInt(args.length > 1 ? args[1] : "1000"));
            System.exit(0);
        }
        int nodes = Integer.parseInt(args.length > 1 ? args[1] : "100");
        try (TestShell sh = TestShell.lab("webbench", nodes)) {
            sh.session().inRepl(true);
            Path html = Files.createTempFile("webbench", ".html");
            try {
                check(sh.run("topology --html " + html));
                Matcher m = Pattern.compile("serving (http://\\S+)").matcher(check(sh.run("web --port 0")));
                if (!m.find()) throw new IllegalStateException("no URL");
                WebDriver page = browser();
                try {
                    page.get("about:blank");
                    double staticSeconds = timed(() -> page.get("file://" + html),
                            () -> page.findElements(By.cssSelector("g.node")).size() == nodes);
                    page.get("about:blank");
                    double liveSeconds = timed(() -> page.get(m.group(1)),
                            () -> page.findElements(By.cssSelector("g.node")).size() == nodes);
                    System.out.printf(Locale.ROOT, "nodes %d  static page %.2f s  live page first render %.2f s"
                            + "  ratio %.1f%n", nodes, staticSeconds, liveSeconds, liveSeconds / staticSeconds);
                } finally {
                    page.quit();
                    check(sh.run("web stop"));
                }
            } finally {
                Files.deleteIfExists(html);
            }
        }
        System.exit(0);
    }

    private static void flood(int packetsPerSecond) throws Exception {
        try (TestShell sh = TestShell.lab("webflood", 2)) {
            sh.session().inRepl(true);
            check(sh.run("overlay create 10.0.0.0/24"));
            check(sh.run("container run c1 --on node1"));
            check(sh.run("container run c2 --on node2"));
            String c1 = address(sh, "c1");
            String c2 = address(sh, "c2");
            Matcher m = Pattern.compile("serving (http://\\S+)").matcher(check(sh.run("web --port 0")));
            if (!m.find()) throw new IllegalStateException("no URL");
            WebDriver page = browser();
            try {
                page.get(m.group(1));
                timed(() -> {}, () -> page.findElements(By.cssSelector("g.tunnel")).size() > 0);
                double[] idle = timerDelays(page, 50);
                // Each echo is two packets on the tunnel (request and reply); two pings, one each way, share the
                // rate (one ping alone is paced too slowly on a busy machine).
                int echoes = packetsPerSecond * 5 / 4;
                double interval = 4.0 / packetsPerSecond;
                String flood = "container probe %s ping -q -i " + String.format(Locale.ROOT, "%.4f", interval) + " -c "
                        + echoes + " -W 1 %s";
                Thread ping = new Thread(() -> sh.run(String.format(flood, "c1", c2)), "flood c1");
                Thread back = new Thread(() -> sh.run(String.format(flood, "c2", c1)), "flood c2");
                long[] captured = new long[1];
                long[] capturedBy = new long[1];
                Thread capture = new Thread(() -> {
                    // 90% of what the flood sends: the capture ends even if a few packets are lost.
                    String out = sh.run("tcpdump vxlan --on node1 -c " + (echoes * 4 * 9 / 10)).out();
                    captured[0] = out.lines().filter(l -> l.contains("vni")).count();
                    capturedBy[0] = System.nanoTime();
                }, "capture");
                capture.start();
                Thread.sleep(1000); // tcpdump is listening before the first packet
                long t0 = System.nanoTime();
                ping.start();
                back.start();
                double[] busy = timerDelays(page, 50);
                ping.join();
                back.join();
                capture.join(30_000);
                // Over the capture's own time: it stops at its count, maybe before the pings end.
                double seconds = (capturedBy[0] - t0) / 1e9;
                String drawn = page.findElement(By.id("packets")).getText();
                System.out.printf(Locale.ROOT, "flood %d packets/s asked: %d packets captured on node1 in %.1f s"
                        + " (%.0f/s); page: %s%n", packetsPerSecond, captured[0], seconds, captured[0] / seconds,
                        drawn);
                System.out.printf(Locale.ROOT, "page timer delay  idle: median %.1f ms max %.1f ms  during the flood:"
                        + " median %.1f ms max %.1f ms  ratio of medians %.1f%n", idle[0], idle[1], busy[0], busy[1],
                        busy[0] / Math.max(0.1, idle[0]));
            } finally {
                page.quit();
                check(sh.run("web stop"));
            }
        }
    }

    private static String address(TestShell sh, String container) throws Exception {
        return ((java.util.List<?>) sh.invoke("container ls")).stream()
                .map(row -> (ContainerCommands.ContainerRow) row).filter(c -> c.name().equals(container))
                .map(ContainerCommands.ContainerRow::address).findFirst().orElseThrow();
    }

    /** Median and max of {@code n} measures of how long the page takes to run a zero-delay timer, in ms. */
    private static double[] timerDelays(WebDriver page, int n) throws InterruptedException {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            Object ms = ((org.openqa.selenium.JavascriptExecutor) page).executeAsyncScript(
                    "const done = arguments[arguments.length - 1]; const t = performance.now();"
                            + " setTimeout(() => done(performance.now() - t), 0);");
            d[i] = ((Number) ms).doubleValue();
            Thread.sleep(50);
        }
        java.util.Arrays.sort(d);
        return new double[]{d[n / 2], d[n - 1]};
    }

    private static double timed(Runnable start, BooleanSupplier done) throws InterruptedException {
        long t0 = System.nanoTime();
        start.run();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - t0 > 60_000_000_000L) throw new IllegalStateException("not rendered in 60 s");
            Thread.sleep(10);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String check(TestShell.Run r) {
        if (r.status() != 0) throw new IllegalStateException(r.err() + r.out());
        return r.out();
    }

    private static WebDriver browser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu");
        return new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).build(), options);
    }
}
