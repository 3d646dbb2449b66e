package dev.pump.demo.dashboard;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven by Debian's chromedriver, both installed by
 * {@code src/test/scripts/ensure-chromium.sh} before the tests run. The driver and the
 * browser are given by path, so Selenium Manager has nothing to look up or download.
 */
final class HeadlessChromium implements AutoCloseable {

	static final String BROWSER = "/usr/bin/chromium";

	static final String DRIVER = "/usr/bin/chromedriver";

	private static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private final Path userDataDir;

	private final ChromeDriver driver;

	private HeadlessChromium(Path userDataDir, ChromeDriver driver) {
		this.userDataDir = userDataDir;
		this.driver = driver;
	}

	/**
	 * Start a browser with a fresh profile.
	 * @return the browser
	 * @throws IOException if the profile directory cannot be made
	 */
	static HeadlessChromium start() throws IOException {
		System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, DRIVER);
		Path userDataDir = Files.createTempDirectory("pump-chromium-");
		ChromeOptions options = new ChromeOptions().setBinary(BROWSER)
			.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
					"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
					"--disable-quic", "--window-size=1280,1000", "--user-data-dir=" + userDataDir);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER))
			.usingAnyFreePort()
			.build();
		ChromeDriver driver = new ChromeDriver(service, options);
		driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(10));
		return new HeadlessChromium(userDataDir, driver);
	}

	ChromeDriver driver() {
		return this.driver;
	}

	/**
	 * Save a screenshot of the window under {@code target/screenshots}, kept by the build
	 * as an artifact.
	 * @param name the file name without extension
	 * @return the PNG file
	 */
	Path screenshot(String name) {
		try {
			Files.createDirectories(SCREENSHOTS);
			Path file = SCREENSHOTS.resolve(name + ".png");
			Files.write(file, this.driver.getScreenshotAs(OutputType.BYTES));
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() throws IOException {
		try {
			this.driver.quit();
		}
		finally {
			deleteRecursively(this.userDataDir);
		}
	}

	private static void deleteRecursively(Path directory) throws IOException {
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
		}
	}

}
