// The upload form: files chosen or dropped are each sent with PUT /files/{key} as a raw
// body. XMLHttpRequest rather than fetch, for upload progress events: the client-side
// progress bar shows what the browser has sent, which backpressure slows down too.
//
// With security on, the page is served on the management port, and each upload goes to a
// presigned URL on the service's port that the management port issues
// (POST dashboard/presigned-urls): the browser holds no token. Served by the service
// itself (security off) there is no such endpoint, and the upload goes to files/{key}.

import { formatBytes, formatRate } from './format.js';

const KEY_SEGMENT = /[^A-Za-z0-9._-]/g;

export function setUpUploads({ form, input, dropZone, prefix, list }) {
	form.addEventListener('submit', (event) => event.preventDefault());
	input.addEventListener('change', () => {
		uploadAll(input.files, prefix.value, list);
		input.value = '';
	});
	for (const type of ['dragenter', 'dragover']) {
		dropZone.addEventListener(type, (event) => {
			event.preventDefault();
			dropZone.classList.add('dragging');
		});
	}
	for (const type of ['dragleave', 'drop']) {
		dropZone.addEventListener(type, () => dropZone.classList.remove('dragging'));
	}
	dropZone.addEventListener('drop', (event) => {
		event.preventDefault();
		uploadAll(event.dataTransfer.files, prefix.value, list);
	});
}

function uploadAll(files, prefix, list) {
	for (const file of files) {
		upload(file, keyFor(prefix, file.name), list);
	}
}

// A key the service accepts: the prefix's segments and the file name with every other
// character replaced by '_'.
export function keyFor(prefix, fileName) {
	const segments = prefix.split('/').filter((segment) => segment.length > 0);
	segments.push(fileName);
	return segments
		.map((segment) => segment.replace(KEY_SEGMENT, '_'))
		.map((segment) => (segment === '.' || segment === '..') ? '_' : segment)
		.join('/');
}

function upload(file, key, list) {
	const item = createItem(file, key);
	list.prepend(item.element);
	destination(key).then((url) => send(file, url, item), (error) => item.failed(error.message));
}

async function destination(key) {
	const direct = `files/${key.split('/').map(encodeURIComponent).join('/')}`;
	const response = await fetch('dashboard/presigned-urls', {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
		body: JSON.stringify({ key }),
	});
	if (response.status === 201) {
		return (await response.json()).url;
	}
	if (response.status === 404 || response.status === 405) {
		return direct;
	}
	const problem = parse(await response.text());
	throw new Error(`${response.status}: ${problem?.detail ?? 'no upload URL'}`);
}

function send(file, url, item) {
	const started = performance.now();
	const request = new XMLHttpRequest();
	request.open('PUT', url);
	request.setRequestHeader('Content-Type', 'application/octet-stream');
	request.upload.addEventListener('progress', (event) => {
		const seconds = (performance.now() - started) / 1000;
		item.progress(event.loaded, event.lengthComputable ? event.total : file.size, seconds);
	});
	request.addEventListener('load', () => item.done(request.status, parse(request.responseText)));
	request.addEventListener('error', () => item.failed('the connection failed'));
	request.addEventListener('abort', () => item.failed('cancelled'));
	item.onCancel(() => request.abort());
	request.send(file);
}

function createItem(file, key) {
	const element = document.createElement('li');
	element.className = 'upload-item';
	element.dataset.key = key;
	element.dataset.status = 'sending';
	element.innerHTML = `<div class="upload-head"><span class="upload-key"></span>
		<button type="button" class="cancel">Cancel</button></div>
		<progress class="upload-progress" max="1" value="0"></progress>
		<div class="upload-status"></div>`;
	element.querySelector('.upload-key').textContent = key;
	const bar = element.querySelector('progress');
	bar.setAttribute('aria-label', `Sent of ${key}`);
	const status = element.querySelector('.upload-status');
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
		progress(loaded, total, seconds) {
			bar.max = Math.max(total, 1);
			bar.value = loaded;
			const rate = seconds > 0 ? ` · ${formatRate(loaded / seconds)}` : '';
			status.textContent = `sent ${formatBytes(loaded)} of ${formatBytes(total)}${rate}`;
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

function parse(text) {
	try {
		return JSON.parse(text);
	}
	catch {
		return null;
	}
}
