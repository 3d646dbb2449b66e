package dev.pump.benchmarks.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

/**
 * Draws the end-to-end throughput as grouped bars (one group per test, one bar per
 * variant) into a PNG, headless. Reads lines of {@code test<TAB>variant<TAB>MB/s}.
 *
 * <p>
 * Usage: {@code ThroughputChart RESULTS.tsv CHART.png [SUBTITLE]}.
 */
public final class ThroughputChart {

	private static final int WIDTH = 960;

	private static final int HEIGHT = 540;

	private static final int LEFT = 80;

	private static final int TOP = 70;

	private static final int BOTTOM = 90;

	private static final Color[] COLORS = { new Color(0x2E7D32), new Color(0x1565C0), new Color(0x8E24AA),
			new Color(0xEF6C00) };

	private final Map<String, Map<String, Double>> groups;

	private final List<String> variants;

	private ThroughputChart(Map<String, Map<String, Double>> groups, List<String> variants) {
		this.groups = groups;
		this.variants = variants;
	}

	public static void main(String[] args) throws IOException {
		ThroughputChart chart = read(Path.of(args[0]));
		String subtitle = (args.length > 2) ? args[2] : "";
		ImageIO.write(chart.draw(subtitle), "png", Path.of(args[1]).toFile());
	}

	static ThroughputChart read(Path tsv) throws IOException {
		Map<String, Map<String, Double>> groups = new LinkedHashMap<>();
		List<String> variants = new ArrayList<>();
		for (String line : Files.readAllLines(tsv)) {
			String[] fields = line.split("\t");
			if (fields.length == 3) {
				groups.computeIfAbsent(fields[0], (key) -> new LinkedHashMap<>())
					.put(fields[1], Double.parseDouble(fields[2]));
				if (!variants.contains(fields[1])) {
					variants.add(fields[1]);
				}
			}
		}
		return new ThroughputChart(groups, variants);
	}

	BufferedImage draw(String subtitle) {
		BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, WIDTH, HEIGHT);
		g.setColor(Color.BLACK);
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
		g.drawString("Throughput per variant (MB/s, higher is better)", LEFT, 30);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
		g.drawString(subtitle, LEFT, 50);
		double max = scaleMax();
		drawAxis(g, max);
		drawBars(g, max);
		drawLegend(g);
		g.dispose();
		return image;
	}

	private double scaleMax() {
		double max = this.groups.values()
			.stream()
			.flatMap((group) -> group.values().stream())
			.mapToDouble(Double::doubleValue)
			.max()
			.orElse(1);
		double step = Math.pow(10, Math.floor(Math.log10(max)));
		return Math.ceil(max * 1.1 / step) * step;
	}

	private void drawAxis(Graphics2D g, double max) {
		int plotHeight = HEIGHT - TOP - BOTTOM;
		g.setStroke(new BasicStroke(1));
		for (int i = 0; i <= 5; i++) {
			int y = HEIGHT - BOTTOM - plotHeight * i / 5;
			g.setColor(new Color(0xDDDDDD));
			g.drawLine(LEFT, y, WIDTH - 20, y);
			g.setColor(Color.DARK_GRAY);
			g.drawString(String.format("%.0f", max * i / 5), 10, y + 4);
		}
		g.setColor(Color.BLACK);
		g.drawLine(LEFT, HEIGHT - BOTTOM, WIDTH - 20, HEIGHT - BOTTOM);
	}

	private void drawBars(Graphics2D g, double max) {
		int plotHeight = HEIGHT - TOP - BOTTOM;
		int groupWidth = (WIDTH - LEFT - 20) / Math.max(1, this.groups.size());
		int barWidth = (groupWidth - 40) / Math.max(1, this.variants.size());
		int groupIndex = 0;
		for (Map.Entry<String, Map<String, Double>> group : this.groups.entrySet()) {
			int x0 = LEFT + groupIndex * groupWidth + 20;
			for (int v = 0; v < this.variants.size(); v++) {
				Double value = group.getValue().get(this.variants.get(v));
				if (value != null) {
					int height = (int) Math.round(plotHeight * value / max);
					int x = x0 + v * barWidth;
					g.setColor(COLORS[v % COLORS.length]);
					g.fillRect(x, HEIGHT - BOTTOM - height, barWidth - 6, height);
					g.setColor(Color.BLACK);
					g.drawString(String.format("%.0f", value), x + 4, HEIGHT - BOTTOM - height - 4);
				}
			}
			g.drawString(group.getKey(), x0, HEIGHT - BOTTOM + 20);
			groupIndex++;
		}
	}

	private void drawLegend(Graphics2D g) {
		int x = LEFT;
		for (int v = 0; v < this.variants.size(); v++) {
			g.setColor(COLORS[v % COLORS.length]);
			g.fillRect(x, HEIGHT - 40, 14, 14);
			g.setColor(Color.BLACK);
			g.drawString(this.variants.get(v), x + 20, HEIGHT - 28);
			x += 160;
		}
	}

}
