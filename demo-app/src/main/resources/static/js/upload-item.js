// One upload in the form's list: its key, a progress bar of what the server has (or the
// browser has sent, for a PUT), where a resumed upload went on from, and how it ended.
// data-status (sending, stored, failed) and data-resumed-at are for people and tests.

import { formatBytes, formatRate } from './format.js';

export function createItem(file, key) {
	const element = document.createElement('li');
	element.className = 'upload-item';
	element.dataset.key = key;
	element.dataset.status = 'sending';
	element.innerHTML = `<div class="upload-head"><span class="upload-key"></span>
		<button type="button" class="cancel">Cancel</button></div>
		<progress class="upload-progress" max="1" value="0"></progress>
		<div class="upload-status"></div>
		<div class="upload-note" hidden></div>`;
	element.querySelector('.upload-key').textContent = key;
	const bar = element.querySelector('progress');
	bar.setAttribute('aria-label', `Sent of ${key}`);
	const status = element.querySelector('.upload-status');
	const note = element.querySelector('.upload-note');
	const cancel = element.querySelector('.cancel');
	bar.max = Math.max(file.size, 1);
	status.textContent = `0 B of ${formatBytes(file.size)}`;
	const finish = (state, message) => {
		element.dataset.status = state;
		status.textContent = message;
		cancel.remove();
	};
	return {
		element,
		// bytesPerSecond: the rate of this page's own sending, if known.
		progress(loaded, total, bytesPerSecond) {
			bar.max = Math.max(total, 1);
			bar.value = loaded;
			const rate = bytesPerSecond > 0 ? ` · ${formatRate(bytesPerSecond)}` : '';
			status.textContent = `sent ${formatBytes(loaded)} of ${formatBytes(total)}${rate}`;
		},
		resumed(offset) {
			element.dataset.resumedAt = String(offset);
			bar.value = offset;
			note.hidden = false;
			note.textContent = `resumed at ${formatBytes(offset)} (${offset} bytes): the server kept what it had`;
		},
		transport(text) {
			element.dataset.transport = text;
			element.querySelector('.upload-key').title = text;
		},
		done(httpStatus, body) {
			if (httpStatus === 201) {
				bar.value = bar.max;
				finish('stored', `stored ${formatBytes(body?.size ?? file.size)} · sha256 ${(body?.sha256 ?? '').slice(0, 16)}…`);
			}
			else {
				finish('failed', `${httpStatus}: ${body?.detail ?? body?.title ?? 'upload failed'}`);
			}
		},
		failed(message) {
			finish('failed', message);
		},
		onCancel(handler) {
			cancel.addEventListener('click', handler);
		},
	};
}
