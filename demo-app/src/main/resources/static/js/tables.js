// The tables of live and recently finished pumps, updated in place row by row (keyed by
// the pump id) so that progress bars move smoothly and nothing flickers between polls.

import { formatBytes, formatDuration, formatRate, formatTime, shortId } from './format.js';

const LIVE_COLUMNS = ['name', 'id', 'flow', 'bytes num', 'progress', 'rate num', 'limit num', 'pauses num', 'queued num', 'age num'];

const RECENT_COLUMNS = ['name', 'id', 'outcome', 'bytes num', 'duration num', 'rate num', 'pauses num', 'finished', 'failure'];

export function renderLive(table, pumps, rates, now) {
	syncRows(table, pumps, LIVE_COLUMNS, (row, pump) => {
		row.dataset.name = pump.name;
		row.dataset.state = pump.state;
		text(row, '.name', pump.name);
		text(row, '.id', shortId(pump.id)).title = pump.id;
		renderFlow(row.querySelector('.flow'), pump);
		const bytes = text(row, '.bytes', formatBytes(pump.bytes));
		bytes.dataset.bytes = String(pump.bytes);
		renderProgress(row.querySelector('.progress'), pump);
		text(row, '.rate', formatRate(rates.rate(pump)));
		// The pump's own bandwidth limit (pump.bandwidth.*, or set with POST /actuator/pumps/{id}).
		text(row, '.limit', pump.bytesPerSecondLimit ? formatRate(pump.bytesPerSecondLimit) : 'none');
		text(row, '.pauses', String(pump.pauses));
		text(row, '.queued', formatBytes(pump.queuedBytes));
		text(row, '.age', pump.started ? formatDuration(now - Date.parse(pump.started)) : 'not started');
	});
}

export function renderRecent(table, pumps) {
	syncRows(table, pumps, RECENT_COLUMNS, (row, pump) => {
		row.dataset.name = pump.name;
		text(row, '.name', pump.name);
		text(row, '.id', shortId(pump.id)).title = pump.id;
		const outcome = row.querySelector('.outcome');
		if (outcome.dataset.outcome !== pump.outcome) {
			outcome.dataset.outcome = pump.outcome;
			outcome.replaceChildren(badge(pump.outcome, `badge outcome-${pump.outcome}`));
		}
		text(row, '.bytes', formatBytes(pump.bytes)).dataset.bytes = String(pump.bytes);
		text(row, '.duration', formatDuration(pump.durationMillis));
		text(row, '.rate', formatRate(pump.bytesPerSecond));
		text(row, '.pauses', String(pump.pauses));
		text(row, '.finished', formatTime(pump.finished));
		text(row, '.failure', pump.failure ?? '');
	});
}

// The paused indicator: what the test and a person watch flip as backpressure acts.
function renderFlow(cell, pump) {
	const paused = pump.paused === true;
	if (cell.dataset.paused === String(paused)) {
		return;
	}
	cell.dataset.paused = String(paused);
	cell.replaceChildren(paused
		? badge('paused', 'badge paused', 'Flow control paused the read side: the destination is full')
		: badge('flowing', 'badge flowing', 'Reading and writing'));
}

function renderProgress(cell, pump) {
	const total = pump.expectedBytes;
	if (total === undefined || total === null || total <= 0) {
		if (cell.dataset.known !== 'false') {
			cell.dataset.known = 'false';
			cell.replaceChildren(badge('total unknown', 'muted'));
		}
		return;
	}
	if (cell.dataset.known !== 'true') {
		cell.dataset.known = 'true';
		const bar = document.createElement('progress');
		bar.setAttribute('aria-label', `Progress of pump ${pump.name} ${shortId(pump.id)}`);
		const label = document.createElement('span');
		label.className = 'percent';
		cell.replaceChildren(bar, label);
	}
	// A pump that resumed a transfer (a PATCH of a tus upload) moves the bytes after
	// resumedBytes: the bar shows the whole transfer, the Bytes column this pump's own.
	const resumed = pump.resumedBytes ?? 0;
	const done = Math.min(resumed + pump.bytes, total);
	const bar = cell.querySelector('progress');
	bar.max = total;
	bar.value = done;
	cell.dataset.done = String(done);
	cell.title = resumed > 0 ? `resumed at ${formatBytes(resumed)}, then ${formatBytes(pump.bytes)} by this pump` : '';
	const percent = `${Math.floor((100 * done) / total)} % of ${formatBytes(total)}`;
	cell.querySelector('.percent').textContent = resumed > 0 ? `${percent} · resumed at ${formatBytes(resumed)}` : percent;
}

function syncRows(table, pumps, columns, update) {
	const body = table.tBodies[0];
	const existing = new Map([...body.rows].map((row) => [row.dataset.pumpId, row]));
	pumps.forEach((pump, index) => {
		let row = existing.get(pump.id);
		if (!row) {
			row = createRow(pump.id, columns);
		}
		existing.delete(pump.id);
		update(row, pump);
		if (body.rows[index] !== row) {
			body.insertBefore(row, body.rows[index] ?? null);
		}
	});
	existing.forEach((row) => row.remove());
	const empty = document.querySelector(`[data-empty-for="${table.id}"]`);
	if (empty) {
		empty.hidden = pumps.length > 0;
	}
}

function createRow(id, columns) {
	const row = document.createElement('tr');
	row.dataset.pumpId = id;
	for (const column of columns) {
		const cell = document.createElement('td');
		cell.className = column;
		row.append(cell);
	}
	return row;
}

function text(row, selector, value) {
	const cell = row.querySelector(selector);
	if (cell.textContent !== value) {
		cell.textContent = value;
	}
	return cell;
}

function badge(label, className, title) {
	const span = document.createElement('span');
	span.className = className;
	span.textContent = label;
	if (title) {
		span.title = title;
	}
	return span;
}
