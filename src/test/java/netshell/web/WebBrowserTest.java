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
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
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
    void thePageShowsTheLabAndFollowsTheShell() throws InterruptedException {
        try (TestShell sh = TestShell.lab("webui", 2)) {
            sh.session().inRepl(true);
            ok(sh, "overlay create 10.0.0.0/24");
            ok(sh, "container run c1 --on node1");
            Matcher m = Pattern.compile("serving (http://\\S+)").matcher(ok(sh, "web --port 0"));
            assertTrue(m.find());
            WebDriver page = browser();
            try {
                page.get(m.group(1));
                Eventually.until(Duration.ofSeconds(15),
                        () -> page.findElements(By.cssSelector("g.node")).size() == 2, "a box per node");
                assertEquals(List.of("node1", "node2"), attributes(page, "g.node", "data-node"));
                assertEquals(List.of("vxlan0"), attributes(page, "g.tunnel", "data-device"));
                assertEquals(List.of("c1"), attributes(page, "text.container", "data-container"));

                ok(sh, "container run c2 --on node2");
                long started = System.nanoTime();
                Eventually.until(Duration.ofSeconds(2),
                        () -> attributes(page, "text.container", "data-container").contains("c2"),
                        "the container started at the prompt appears");
                System.out.printf("web: c2 on the page %.2f s after its command ended%n",
                        (System.nanoTime() - started) / 1e9);
                Eventually.until(Duration.ofSeconds(5),
                        () -> page.findElement(By.id("lessons")).getText().contains("> container run c2 --on node2"),
                        "the command is in the lesson pane");
                assertTrue(page.findElement(By.id("lessons")).getText().contains("ip netns add"),
                        "with the Linux commands it ran");
                Eventually.until(Duration.ofSeconds(10),
                        () -> !page.findElements(By.cssSelector("#rates tr[data-link='node1:eth1']")).isEmpty(),
                        "the underlay's rates");

                // Packets captured by tcpdump vxlan at the prompt move along their tunnel on the page.
                Thread capture = new Thread(() -> sh.run("tcpdump vxlan -c 4"), "test-capture");
                capture.start();
                try {
                    Eventually.until(Duration.ofSeconds(20), () -> {
                        sh.run("container probe c1 ping -c 1 -W 1 10.0.0.129");
                        List<String> n = attributes(page, "g.tunnel", "data-packets");
                        return n.size() == 1 && n.get(0) != null && Integer.parseInt(n.get(0)) > 0;
                    }, "a packet drawn on the tunnel node1-node2");
                } finally {
                    capture.join(TestTimeouts.scaled(30_000).toMillis());
                }

                // A trace lights its path; doctor's finding marks its node and lists its fix.
                ok(sh, "trace c1 c2:80 --simulate");
                Eventually.until(Duration.ofSeconds(5),
                        () -> classOf(page, "node1").contains("on-path") && classOf(page, "node2").contains("on-path"),
                        "the trace's path on both nodes");
                assertTrue(page.findElement(By.id("trace")).getText().contains("> trace c1 c2:80 --simulate"));
                sh.sh("node2", "sysctl", "-qw", "net.ipv4.ip_forward=0");
                try {
                    sh.run("doctor");
                    Eventually.until(Duration.ofSeconds(5),
                            () -> classOf(page, "node2").matches(".*(finding|warning).*"),
                            "doctor's finding on node2");
                    assertTrue(page.findElement(By.id("doctor")).getText().contains("node2: "), "listed");
                    Eventually.until(Duration.ofSeconds(5), () -> {
                        try {
                            page.findElement(By.cssSelector("g.node[data-node='node2'] text.title")).click();
                        } catch (StaleElementReferenceException redrawn) {
                            return false; // clicked as the picture was redrawn: again
                        }
                        return page.findElement(By.id("details")).getText().contains("ip_forward");
                    }, "a click on the node shows its finding");
                    assertTrue(page.findElement(By.id("details")).getText().contains("fix: sysctl -w net.ipv4"));
                } finally {
                    sh.sh("node2", "sysctl", "-qw", "net.ipv4.ip_forward=1");
                }
                // A tunnel set down turns red, and doctor's finding for it marks the node.
                sh.sh("node2", "ip", "link", "set", "vxlan0", "down");
                try {
                    Eventually.until(Duration.ofSeconds(10),
                            () -> attributes(page, "g.tunnel", "class").equals(List.of("tunnel down")),
                            "the tunnel drawn down");
                    sh.run("doctor");
                    Eventually.until(Duration.ofSeconds(5),
                            () -> page.findElement(By.id("doctor")).getText().contains("vxlan-up"),
                            "doctor's vxlan-up finding: " + page.findElement(By.id("doctor")).getText());
                    assertTrue(classOf(page, "node2").contains("finding"), classOf(page, "node2"));
                } finally {
                    sh.sh("node2", "ip", "link", "set", "vxlan0", "up");
                }
                sh.run("pingall --overlay");
                Eventually.until(Duration.ofSeconds(5),
                        () -> page.findElement(By.id("reach")).getText().contains("pairs reached"), "pingall's pairs");
            } finally {
                page.quit();
                ok(sh, "web stop");
            }
        }
    }

    private static String classOf(WebDriver page, String node) {
        return String.join(" ", attributes(page, "g.node[data-node='" + node + "']", "class"));
    }

    /**
     * Read in one script, not element by element: the picture is redrawn whenever the lab changes, and an element
     * found before a redraw is gone after it.
     */
    @SuppressWarnings("unchecked")
    private static List<String> attributes(WebDriver page, String css, String attribute) {
        return (List<String>) ((JavascriptExecutor) page).executeScript(
                "return Array.from(document.querySelectorAll(arguments[0])).map(e => e.getAttribute(arguments[1]))",
                css, attribute);
    }

    private static String ok(TestShell sh, String line) {
        TestShell.Run r = sh.run(line);
        assertEquals(0, r.status(), line + " → " + r.err() + r.out());
        return r.out();
    }
}
