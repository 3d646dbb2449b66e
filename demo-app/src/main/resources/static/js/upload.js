// The upload form: files chosen or dropped are each sent to the service.
//
// Resumable (the default, security off): with tus to uploads/ (tus.js), in chunks; an
// upload interrupted by a network error or a reload of the page continues at the
// server's offset when the same file is chosen again.
//
// One PUT (the box unchecked): PUT /files/{key} with the file as a raw body, through
// XMLHttpRequest rather than fetch for its upload progress events: the bar shows what the
// browser has sent, which backpressure slows down too.
//
// With security on, the page is served on the management port, and each upload goes to a
// presigned PUT URL on the service's port that the management port issues
// (POST dashboard/presigned-urls): the browser holds no token, and tus, which needs one,
// is not used. Served by the service itself (security off) there is no such endpoint.

import { TusUpload } from './tus.js';
import { createItem } from './upload-item.js';

const KEY_SEGMENT = /[^A-Za-z0-9._-]/g;

const TUS_ENDPOINT = 'uploads/';

export function setUpUploads({ form, input, dropZone, prefix, resumable, list }) {
	form.addEventListener('submit', (event) => event.preventDefault());
	const options = () => ({ prefix: prefix.value, resumable: resumable.checked, list });
	input.addEventListener('change', () => {
		uploadAll(input.files, options());
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
		uploadAll(event.dataTransfer.files, options());
	});
}

function uploadAll(files, { prefix, resumable, list }) {
	for (const file of files) {
		upload(file, keyFor(prefix, file.name), resumable, list);
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

function upload(file, key, resumable, list) {
	const item = createItem(file, key);
	list.prepend(item.element);
	presignedUrl(key).then((url) => {
		if (url) {
			item.transport('presigned PUT');
			put(file, url, item);
		}
		else if (resumable) {
			item.transport('tus');
			sendResumable(file, key, item);
		}
		else {
			item.transport('PUT');
			put(file, filePath(key), item);
		}
	}, (error) => item.failed(error.message));
}

// The presigned URL the management port gives when security is on, or null.
async function presignedUrl(key) {
	const response = await fetch('dashboard/presigned-urls', {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
		body: JSON.stringify({ key }),
	});
	if (response.status === 201) {
		return (await response.json()).url;
	}
	if (response.status === 404 || response.status === 405) {
		return null;
	}
	const problem = parse(await response.text());
	throw new Error(`${response.status}: ${problem?.detail ?? 'no upload URL'}`);
}

function filePath(key) {
	return `files/${key.split('/').map(encodeURIComponent).join('/')}`;
}

async function sendResumable(file, key, item) {
	const started = performance.now();
	let from = 0;
	const upload = new TusUpload(file, {
		endpoint: TUS_ENDPOINT,
		key,
		onResumed(offset) {
			from = offset;
			item.resumed(offset);
		},
		onProgress(offset, size) {
			const seconds = (performance.now() - started) / 1000;
			item.progress(offset, size, seconds > 0 ? (offset - from) / seconds : 0);
		},
	});
	item.onCancel(() => upload.cancel());
	try {
		await upload.start();
		item.done(201, await describe(key));
	}
	catch (error) {
		item.failed(error.name === 'AbortError' ? 'cancelled' : error.message);
	}
}

// The stored object, as a PUT answers it: HEAD gives its size and its sha256 (the ETag).
async function describe(key) {
	const response = await fetch(filePath(key), { method: 'HEAD', cache: 'no-store' });
	if (!response.ok) {
		return null;
	}
	const etag = response.headers.get('ETag') ?? '';
	return { key, size: Number(response.headers.get('Content-Length')), sha256: etag.replaceAll('"', '') };
}

function put(file, url, item) {
	const started = performance.now();
	const request = new XMLHttpRequest();
	request.open('PUT', url);
	request.setRequestHeader('Content-Type', 'application/octet-stream');
	request.upload.addEventListener('progress', (event) => {
		const seconds = (performance.now() - started) / 1000;
		item.progress(event.loaded, event.lengthComputable ? event.total : file.size,
			seconds > 0 ? event.loaded / seconds : 0);
	});
	request.addEventListener('load', () => item.done(request.status, parse(request.responseText)));
	request.addEventListener('error', () => item.failed('the connection failed'));
	request.addEventListener('abort', () => item.failed('cancelled'));
	item.onCancel(() => request.abort());
	request.send(file);
}

function parse(text) {
	try {
		return JSON.parse(text);
	}
	catch {
		return null;
	}
}
