// A small hand-drawn throughput chart on a canvas: the total rate of all pumps over the
// last minutes, with the moments when some pump was paused by flow control shaded.

import { formatRate } from './format.js';

const PADDING = { top: 12, right: 12, bottom: 24, left: 78 };

export class ThroughputChart {

	constructor(canvas, windowMillis, keepMillis) {
		this.canvas = canvas;
		this.windowMillis = windowMillis;
		this.keepMillis = keepMillis;
		this.points = [];
		this.colors = readColors(canvas);
		new ResizeObserver(() => this.draw()).observe(canvas);
	}

	add(time, rate, paused) {
		this.points.push({ time, rate, paused });
		while (this.points.length > 0 && this.points[0].time < time - this.keepMillis) {
			this.points.shift();
		}
		this.draw();
	}

	show(windowMillis) {
		this.windowMillis = windowMillis;
		this.draw();
	}

	visible(now) {
		const from = now - this.windowMillis;
		const first = this.points.findIndex((point) => point.time >= from);
		if (first < 0) {
			return [];
		}
		// One point before the window too, so that the line enters from the left edge.
		return this.points.slice(Math.max(first - 1, 0));
	}

	draw() {
		const context = this.prepare();
		if (context === null) {
			return;
		}
		const now = this.points.length > 0 ? this.points[this.points.length - 1].time : Date.now();
		const points = this.visible(now);
		const max = niceMax(Math.max(0, ...points.map((point) => point.rate)));
		const area = this.area();
		const x = (time) => area.left + area.width * (1 - (now - time) / this.windowMillis);
		const y = (rate) => area.top + area.height * (1 - rate / max);
		this.drawGrid(context, area, max, y, now, x);
		context.save();
		context.beginPath();
		context.rect(area.left, area.top - 2, area.width, area.height + 4);
		context.clip();
		this.drawPaused(context, points, area, x);
		this.drawRate(context, points, area, x, y);
		context.restore();
	}

	prepare() {
		const ratio = window.devicePixelRatio || 1;
		const width = this.canvas.clientWidth;
		const height = this.canvas.clientHeight;
		if (width === 0 || height === 0) {
			return null;
		}
		if (this.canvas.width !== Math.round(width * ratio) || this.canvas.height !== Math.round(height * ratio)) {
			this.canvas.width = Math.round(width * ratio);
			this.canvas.height = Math.round(height * ratio);
		}
		const context = this.canvas.getContext('2d');
		context.setTransform(ratio, 0, 0, ratio, 0, 0);
		context.clearRect(0, 0, width, height);
		context.font = '11px system-ui, sans-serif';
		return context;
	}

	area() {
		const width = this.canvas.clientWidth - PADDING.left - PADDING.right;
		const height = this.canvas.clientHeight - PADDING.top - PADDING.bottom;
		return { left: PADDING.left, top: PADDING.top, width, height };
	}

	drawPaused(context, points, area, x) {
		context.fillStyle = this.colors.paused;
		for (let i = 1; i < points.length; i++) {
			if (points[i].paused) {
				const from = x(points[i - 1].time);
				context.fillRect(from, area.top, x(points[i].time) - from, area.height);
			}
		}
	}

	drawGrid(context, area, max, y, now, x) {
		context.strokeStyle = this.colors.grid;
		context.fillStyle = this.colors.text;
		context.lineWidth = 1;
		context.textAlign = 'right';
		context.textBaseline = 'middle';
		for (let step = 0; step <= 4; step++) {
			const rate = (max * step) / 4;
			const lineY = Math.round(y(rate)) + 0.5;
			line(context, area.left, lineY, area.left + area.width, lineY);
			context.fillText(formatRate(rate), area.left - 8, lineY);
		}
		context.textAlign = 'center';
		context.textBaseline = 'top';
		const step = (this.windowMillis <= 120000) ? 30000 : 60000 * Math.ceil(this.windowMillis / 300000);
		for (let ago = 0; ago <= this.windowMillis; ago += step) {
			const lineX = Math.round(x(now - ago)) + 0.5;
			line(context, lineX, area.top, lineX, area.top + area.height);
			context.fillText(label(ago), lineX, area.top + area.height + 6);
		}
	}

	drawRate(context, points, area, x, y) {
		if (points.length < 2) {
			return;
		}
		const bottom = area.top + area.height;
		context.beginPath();
		context.moveTo(x(points[0].time), bottom);
		points.forEach((point) => context.lineTo(x(point.time), y(point.rate)));
		context.lineTo(x(points[points.length - 1].time), bottom);
		context.closePath();
		context.fillStyle = this.colors.rateFill;
		context.fill();
		context.beginPath();
		points.forEach((point, i) => (i === 0) ? context.moveTo(x(point.time), y(point.rate)) : context.lineTo(x(point.time), y(point.rate)));
		context.strokeStyle = this.colors.rate;
		context.lineWidth = 2;
		context.stroke();
	}

}

// The top of the scale: 1, 2, 4 or 8 times a power of 1024 bytes, so that the labels of
// its quarters are round numbers of KiB, MiB or GiB; at least 1 KiB/s.
function niceMax(value) {
	const floor = Math.max(value * 1.1, 1024);
	let unit = 1024;
	while (floor / unit >= 1024) {
		unit *= 1024;
	}
	for (const factor of [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]) {
		if (factor * unit >= floor) {
			return factor * unit;
		}
	}
	return 1024 * unit;
}

function label(ago) {
	if (ago === 0) {
		return 'now';
	}
	return (ago % 60000 === 0) ? `−${ago / 60000} min` : `−${ago / 1000} s`;
}

function line(context, x1, y1, x2, y2) {
	context.beginPath();
	context.moveTo(x1, y1);
	context.lineTo(x2, y2);
	context.stroke();
}

// Colours come from the stylesheet's custom properties, so the chart follows the theme.
function readColors(canvas) {
	const style = getComputedStyle(canvas);
	const read = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
	return {
		rate: read('--chart-rate', '#2563eb'),
		rateFill: read('--chart-rate-fill', 'rgba(37, 99, 235, 0.15)'),
		paused: read('--chart-paused', 'rgba(245, 158, 11, 0.18)'),
		grid: read('--chart-grid', '#e5e7eb'),
		text: read('--chart-text', '#6b7280'),
	};
}
