package io.rostersync.e2e.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless chromium driven by Debian's chromedriver, with a fresh profile per browser. Nothing is downloaded:
 * the driver service and the browser binary are named, so Selenium Manager is never consulted. Where chromium is not
 * installed the tests are skipped with the command that installs it (CI installs it, so there they always run).
 */
final class Chromium implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String INSTALL = "apt-get update && apt-get install -y chromium chromium-driver";

    private final ChromeDriver driver;
    private final Path profile;

    private Chromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Starts a browser, or skips the calling test when chromium or chromedriver is missing (fails instead under CI). */
    static Chromium start() {
        Optional<Path> browser = executable("chromium", "chromium-browser");
        Optional<Path> chromedriver = executable("chromedriver");
        boolean installed = browser.isPresent() && chromedriver.isPresent();
        // In CI (.ci/run installs them) a missing browser is a broken build, not a reason to skip.
        if (!installed && System.getenv("CI") != null) {
            throw new IllegalStateException("chromium and chromedriver are not installed, and CI must run the browser tests. Fix: " + INSTALL);
        }
        Assumptions.assumeTrue(installed,
                "Browser tests skipped: chromium and chromedriver are not installed. Install them with: " + INSTALL);
        try {
            Path profile = Files.createTempDirectory("rostersync-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(browser.get().toFile());
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                    "--user-data-dir=" + profile, "--window-size=1440,1000", "--lang=en-US");
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(chromedriver.get().toFile()).usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
            return new Chromium(driver, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ChromeDriver driver() {
        return driver;
    }

    void size(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Saves the viewport as {@code target/screenshots/<name>.png} (a build artifact). */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteQuietly(profile.toFile());
        }
    }

    private static Optional<Path> executable(String... names) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin" + File.pathSeparator + "/usr/lib/chromium";
        for (String name : names) {
            Optional<Path> found = Arrays.stream(path.split(File.pathSeparator)).filter(dir -> !dir.isBlank())
                    .map(dir -> Path.of(dir, name)).filter(Files::isExecutable).findFirst();
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static void deleteQuietly(File file) {
        File[] children = file.listFiles();
        if (children != null) {
            for (File child : children) {
                deleteQuietly(child);
            }
        }
        if (!file.delete() && file.exists()) {
            file.deleteOnExit();
        }
    }
}
