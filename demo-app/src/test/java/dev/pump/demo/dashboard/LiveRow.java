package dev.pump.demo.dashboard;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.openqa.selenium.chrome.ChromeDriver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Watches the row of the one live {@code upload} pump on the dashboard, sample by sample:
 * whether its paused indicator was ever true, and how its bytes grew. Reads the whole row
 * in one script, so a row that disappears between two reads is never half seen.
 */
final class LiveRow {

	private static final String READ = """
			const row = document.querySelector('#live-pumps tbody tr[data-name="upload"]');
			return row && [row.dataset.pumpId, row.querySelector('.flow').dataset.paused,
				row.querySelector('.bytes').dataset.bytes];""";

	private final ChromeDriver driver;

	private final HeadlessChromium chromium;

	private final long size;

	private @Nullable String id;

	private boolean sawPaused;

	private long firstBytes = -1;

	private long lastBytes = -1;

	private boolean screenshot;

	LiveRow(ChromeDriver driver, HeadlessChromium chromium, long size) {
		this.driver = driver;
		this.chromium = chromium;
		this.size = size;
	}

	/**
	 * Take a sample of the row.
	 * @return whether the row was seen paused and its bytes grew, and then either a
	 * screenshot of it paused was taken or it finished
	 */
	boolean sample() {
		Object sample = this.driver.executeScript(READ);
		if (sample instanceof List<?> values) {
			record(String.valueOf(values.get(0)), Boolean.parseBoolean(String.valueOf(values.get(1))),
					Long.parseLong(String.valueOf(values.get(2))));
			return pausedAndGrown() && this.screenshot;
		}
		if (this.id != null) {
			assertThat(pausedAndGrown()).as("the live row of the upload was seen paused and growing before it finished")
				.isTrue();
			return true;
		}
		return false;
	}

	private boolean pausedAndGrown() {
		return this.sawPaused && this.lastBytes > this.firstBytes;
	}

	private void record(String id, boolean paused, long bytes) {
		this.id = id;
		this.sawPaused |= paused;
		this.firstBytes = (this.firstBytes < 0) ? bytes : this.firstBytes;
		this.lastBytes = bytes;
		if (paused && bytes > this.size / 4 && !this.screenshot) {
			this.chromium.screenshot("dashboard-live");
			this.screenshot = true;
		}
	}

	/**
	 * Take the screenshot of the live row now if no sample was a good moment for it.
	 */
	void screenshotIfMissing() {
		if (!this.screenshot) {
			this.chromium.screenshot("dashboard-live");
		}
	}

	String id() {
		assertThat(this.id).as("id of the live row").isNotNull();
		return String.valueOf(this.id);
	}

}
