// The dashboard: polls the pumps actuator endpoint twice a second and renders the live
// pumps, the recent transfers and the throughput chart; wires up the upload form.

import { ThroughputChart } from './chart.js';
import { formatRate } from './format.js';
import { Backpressure, PumpRates, TotalBytes } from './rates.js';
import { renderLive, renderRecent } from './tables.js';
import { setUpUploads } from './upload.js';

const POLL_MILLIS = 500;
const MINUTE_MILLIS = 60 * 1000;
const CHART_KEEP_MILLIS = 15 * MINUTE_MILLIS;

const elements = {
	connection: document.getElementById('connection'),
	live: document.getElementById('live-pumps'),
	liveCount: document.getElementById('live-count'),
	recent: document.getElementById('recent-pumps'),
	currentRate: document.getElementById('current-rate'),
};

const chartWindow = document.getElementById('chart-window');
const chart = new ThroughputChart(document.getElementById('throughput-chart'), chartWindow.value * MINUTE_MILLIS,
	CHART_KEEP_MILLIS);
chartWindow.addEventListener('change', () => chart.show(chartWindow.value * MINUTE_MILLIS));
const rates = new PumpRates();
const total = new TotalBytes();
const backpressure = new Backpressure();
let lastPoll = null;

setUpUploads({
	form: document.getElementById('upload-form'),
	input: document.getElementById('file-input'),
	dropZone: document.getElementById('drop-zone'),
	prefix: document.getElementById('key-prefix'),
	resumable: document.getElementById('resumable'),
	list: document.getElementById('uploads'),
});

async function poll() {
	try {
		const response = await fetch('actuator/pumps', { headers: { Accept: 'application/json' }, cache: 'no-store' });
		if (!response.ok) {
			throw new Error(`HTTP ${response.status}`);
		}
		render(await response.json());
		connection('live', `live · updated ${new Date().toLocaleTimeString()}`);
	}
	catch (error) {
		connection('offline', `cannot reach /actuator/pumps (${error.message}); retrying`);
	}
	finally {
		setTimeout(poll, POLL_MILLIS);
	}
}

function render({ live, recent }) {
	const now = Date.now();
	rates.update(performance.now(), live);
	renderLive(elements.live, live, rates, now);
	renderRecent(elements.recent, recent);
	elements.liveCount.textContent = String(live.length);
	const bytes = total.delta(live, recent);
	const paused = backpressure.acted(live, recent);
	const seconds = lastPoll !== null ? (now - lastPoll) / 1000 : 0;
	lastPoll = now;
	if (seconds > 0) {
		const rate = bytes / seconds;
		elements.currentRate.textContent = formatRate(rate);
		chart.add(now, rate, paused);
	}
}

function connection(state, message) {
	elements.connection.dataset.state = state;
	elements.connection.textContent = message;
}

poll();
