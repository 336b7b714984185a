package netshell.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import netshell.testing.Eventually;
import netshell.testing.NeedsRoot;
import netshell.testing.TestShell;
import netshell.testing.TestTimeouts;

/**
 * The page in a real headless browser (Debian's chromium, driven by its chromedriver; no driver is fetched): one
 * element per node, tunnel and container, a container started at the prompt appearing, the lesson and the rates.
 */
@NeedsRoot
class WebBrowserTest {
    private static WebDriver browser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).build();
        return new ChromeDriver(service, options);
    }

    @Test
    void thePageShowsTheLabAndFollowsTheShell() {
        try (TestShell sh = TestShell.lab("webui", 2)) {
            sh.session().inRepl(true);
            ok(sh, "overlay create 10.0.0.0/24");
            ok(sh, "container run c1 --on node1");
            Matcher m = Pattern.compile("serving (http://\\S+)").matcher(ok(sh, "web --port 0"));
            assertTrue(m.find());
            WebDriver page = browser();
            try {
                page.get(m.group(1));
                Eventually.until(TestTimeouts.scaled(Duration.ofSeconds(15)),
                        () -> page.findElements(By.cssSelector("g.node")).size() == 2, "a box per node");
                assertEquals(List.of("node1", "node2"), attributes(page, "g.node", "data-node"));
                assertEquals(List.of("vxlan0"), attributes(page, "g.tunnel", "data-device"));
                assertEquals(List.of("c1"), attributes(page, "text.container", "data-container"));

                ok(sh, "container run c2 --on node2");
                long started = System.nanoTime();
                Eventually.until(TestTimeouts.scaled(Duration.ofSeconds(2)),
                        () -> attributes(page, "text.container", "data-container").contains("c2"),
                        "the container started at the prompt appears");
                System.out.printf("web: c2 on the page %.2f s after its command ended%n",
                        (System.nanoTime() - started) / 1e9);
                Eventually.until(TestTimeouts.scaled(Duration.ofSeconds(5)),
                        () -> page.findElement(By.id("lessons")).getText().contains("> container run c2 --on node2"),
                        "the command is in the lesson pane");
                assertTrue(page.findElement(By.id("lessons")).getText().contains("ip netns add"),
                        "with the Linux commands it ran");
                Eventually.until(TestTimeouts.scaled(Duration.ofSeconds(10)),
                        () -> !page.findElements(By.cssSelector("#rates tr[data-link='node1:eth1']")).isEmpty(),
                        "the underlay's rates");
            } finally {
                page.quit();
                ok(sh, "web stop");
            }
        }
    }

    private static List<String> attributes(WebDriver page, String css, String attribute) {
        return page.findElements(By.cssSelector(css)).stream().map((WebElement e) -> e.getAttribute(attribute))
                .toList();
    }

    private static String ok(TestShell sh, String line) {
        TestShell.Run r = sh.run(line);
        assertEquals(0, r.status(), line + " → " + r.err() + r.out());
        return r.out();
    }
}
