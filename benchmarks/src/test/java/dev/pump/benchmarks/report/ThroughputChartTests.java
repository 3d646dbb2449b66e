package dev.pump.benchmarks.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart of the end-to-end script, drawn headless from its TSV.
 */
class ThroughputChartTests {

	@TempDir
	Path directory;

	@Test
	void drawsAPngOfEveryGroupFromTheResultsFile() throws IOException {
		System.setProperty("java.awt.headless", "true");
		Path tsv = Files.writeString(this.directory.resolve("results.tsv"),
				"Upload\tpump\t400\nUpload\twebflux\t300\nDownload\tpump\t900\nDownload\tvertx\t800\n");
		Path png = this.directory.resolve("chart.png");
		ThroughputChart.main(new String[] { tsv.toString(), png.toString(), "test" });
		BufferedImage image = ImageIO.read(png.toFile());
		assertThat(image.getWidth()).isEqualTo(960);
		assertThat(image.getHeight()).isEqualTo(540);
	}

}
