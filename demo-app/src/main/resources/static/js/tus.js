// A small tus 1.0 client for the upload form, over fetch: creation (POST), offset lookup
// (HEAD), chunks (PATCH) and termination (DELETE), resumed across network errors and page
// reloads. We do not bundle tus-js-client: the page has no bundler and must work offline,
// served by the service alone, and the form needs only this much of it.
//
// Like tus-js-client, it remembers an upload's URL in localStorage under a fingerprint
// of the file, so that choosing the same file again (after a reload, a crash) continues
// at the server's offset instead of starting over; the URL is forgotten once the upload
// completes, is cancelled, or the server no longer knows it (404, 410).

const TUS_VERSION = '1.0.0';

// 8 MiB, the part size of the AWS CLI: S3 multipart parts must be at least 5 MiB, so a
// chunk fills one part on the S3 storage. fetch reports no upload progress: the form's
// bar moves chunk by chunk (the pumps table shows the live PATCH byte by byte).
export const CHUNK_BYTES = 8 * 1024 * 1024;

// The delays of tus-js-client between attempts after a network error, a 5xx, or a 409
// or 423 (the previous PATCH of the upload still holds it, or the offset moved on).
const RETRY_DELAYS = [0, 1000, 3000, 5000];

const STORAGE_PREFIX = 'pump-tus::';

export class TusError extends Error {
	constructor(message, status = 0, problem = null) {
		super(message);
		this.status = status;
		this.problem = problem;
	}
}

// One upload of a file to a tus endpoint. Listeners: onProgress(offset, size),
// onResumed(offset). start() resolves once the server has every byte (the object is
// published then), and rejects with a TusError or an AbortError.
export class TusUpload {
	constructor(file, { endpoint, key, onProgress = () => {}, onResumed = () => {}, chunkBytes = CHUNK_BYTES }) {
		this.file = file;
		this.endpoint = endpoint;
		this.key = key;
		this.onProgress = onProgress;
		this.onResumed = onResumed;
		this.chunkBytes = chunkBytes;
		this.fingerprint = `${STORAGE_PREFIX}${[key, file.name, file.size, file.lastModified].join('::')}`;
		this.abortController = new AbortController();
		this.url = null;
	}

	async start() {
		let offset = null;
		let attempt = 0;
		while (offset === null || offset < this.file.size) {
			try {
				if (this.url === null) {
					offset = await this.#resumeOrCreate();
				}
				else if (offset === null) {
					offset = await this.#offset();
					this.#reportResumed(offset);
				}
				else {
					offset = await this.#patch(offset);
					this.onProgress(offset, this.file.size);
					attempt = 0;
				}
			}
			catch (error) {
				if (gone(error)) {
					forget(this.fingerprint);
				}
				if (!retryable(error) || attempt >= RETRY_DELAYS.length) {
					throw error;
				}
				await sleep(RETRY_DELAYS[attempt++], this.abortController.signal);
				// Where to go on from is the server's to say: part of the chunk may have
				// reached it.
				offset = null;
			}
		}
		forget(this.fingerprint);
		return offset;
	}

	// Stops the upload and terminates it on the server, which deletes what it received.
	async cancel() {
		this.abortController.abort();
		forget(this.fingerprint);
		if (this.url) {
			// 423: the aborted PATCH has not ended on the server yet; it will in a moment.
			for (let attempt = 0; attempt < 5; attempt++) {
				const response = await fetch(this.url, { method: 'DELETE', headers: { 'Tus-Resumable': TUS_VERSION } })
					.catch(() => null);
				if (!response || response.status !== 423) {
					break;
				}
				await new Promise((resolve) => setTimeout(resolve, 200 * (attempt + 1)));
			}
		}
	}

	// The offset of the upload remembered for this file, or 0 for a new upload. A network
	// error leaves this.url as it is, so that the retry knows which step failed.
	async #resumeOrCreate() {
		const remembered = recall(this.fingerprint);
		if (remembered) {
			try {
				const offset = await this.#offset(remembered.url);
				this.url = remembered.url;
				this.#reportResumed(offset);
				return offset;
			}
			catch (error) {
				if (!gone(error)) {
					throw error;
				}
				// Expired or unknown: start over with a new upload.
				forget(this.fingerprint);
			}
		}
		const url = await this.#create();
		remember(this.fingerprint, url);
		this.url = url;
		return 0;
	}

	async #create() {
		const response = await this.#fetch(this.endpoint, {
			method: 'POST',
			headers: {
				'Upload-Length': String(this.file.size),
				'Upload-Metadata': `key ${base64(this.key)},filename ${base64(this.file.name)}`,
			},
		});
		await expect(response, 201);
		return new URL(response.headers.get('Location'), response.url).href;
	}

	async #offset(url = this.url) {
		const response = await this.#fetch(url, { method: 'HEAD', cache: 'no-store' });
		await expect(response, 200);
		return Number(response.headers.get('Upload-Offset'));
	}

	async #patch(offset) {
		const end = Math.min(offset + this.chunkBytes, this.file.size);
		const response = await this.#fetch(this.url, {
			method: 'PATCH',
			headers: { 'Content-Type': 'application/offset+octet-stream', 'Upload-Offset': String(offset) },
			body: this.file.slice(offset, end),
		});
		await expect(response, 204);
		return Number(response.headers.get('Upload-Offset'));
	}

	#fetch(url, { headers, ...options }) {
		return fetch(url, {
			...options,
			headers: { 'Tus-Resumable': TUS_VERSION, ...headers },
			signal: this.abortController.signal,
		});
	}

	#reportResumed(offset) {
		if (offset > 0) {
			this.onResumed(offset);
		}
	}
}

async function expect(response, status) {
	if (response.status === status) {
		return;
	}
	const problem = parse(await response.text());
	throw new TusError(`${response.status}: ${problem?.detail ?? problem?.title ?? 'tus request failed'}`,
		response.status, problem);
}

function retryable(error) {
	if (error.name === 'AbortError') {
		return false;
	}
	if (!(error instanceof TusError)) {
		// fetch rejects with a TypeError when the network fails.
		return true;
	}
	return error.status >= 500 || error.status === 409 || error.status === 423;
}

function gone(error) {
	return error instanceof TusError && (error.status === 404 || error.status === 410);
}

function sleep(millis, signal) {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(resolve, millis);
		signal.addEventListener('abort', () => {
			clearTimeout(timer);
			reject(new DOMException('Upload cancelled', 'AbortError'));
		}, { once: true });
	});
}

// Upload-Metadata values are Base64 of UTF-8.
function base64(text) {
	return btoa(String.fromCharCode(...new TextEncoder().encode(text)));
}

function recall(fingerprint) {
	try {
		return JSON.parse(localStorage.getItem(fingerprint));
	}
	catch {
		return null;
	}
}

function remember(fingerprint, url) {
	try {
		localStorage.setItem(fingerprint, JSON.stringify({ url, created: new Date().toISOString() }));
	}
	catch {
		// Storage full or disabled: the upload still works, it just cannot resume after a reload.
	}
}

function forget(fingerprint) {
	try {
		localStorage.removeItem(fingerprint);
	}
	catch {
		// Nothing remembered then.
	}
}

function parse(text) {
	try {
		return JSON.parse(text);
	}
	catch {
		return null;
	}
}
