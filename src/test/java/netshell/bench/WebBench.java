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

import netshell.testing.TestShell;

/**
 * For bench/web.sh: {@code render N} brings up a lab of N nodes, serves {@code web} and prints how long headless
 * Chromium takes from asking for the page to showing a box per node, against the same browser opening the static
 * {@code topology --html} page of the same lab (the baseline: the same picture with no server and no events).
 */
public final class WebBench {
    private WebBench() {}

    public static void main(String[] args) throws Exception {
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
