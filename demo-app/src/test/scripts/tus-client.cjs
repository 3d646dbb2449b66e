// Drives tus-js-client (4.x, under Node) against the service for TusJsClientTests.
// Usage: node tus-client.cjs <mode> <endpoint> <file> <key> <chunkSize>
// Modes: upload, interrupt (stop after the first chunk, then resume from the server's
// offset with a new Upload), terminate, checksum (a wrong Upload-Checksum on every PATCH).
// Prints one JSON line with what happened; exits 1 on an unexpected error.
'use strict';
const fs = require('node:fs');
const tus = require('tus-js-client');

const [mode, endpoint, file, key, chunkSizeArg] = process.argv.slice(2);
const data = fs.readFileSync(file);
const chunkSize = Number(chunkSizeArg);

function upload(options) {
	return new Promise((resolve, reject) => {
		const upload = new tus.Upload(data, {
			endpoint,
			chunkSize,
			retryDelays: null,
			metadata: { key },
			...options,
			onSuccess: () => resolve(upload),
			onError: reject,
		});
		if (options.onChunk) {
			upload.options.onChunkComplete = () => options.onChunk(upload, resolve);
		}
		upload.start();
	});
}

function firstChunkOnly() {
	return upload({
		onChunk: (started, resolve) => {
			started.abort();
			resolve(started);
		},
	});
}

async function main() {
	if (mode === 'upload') {
		const done = await upload({});
		return { url: done.url };
	}
	if (mode === 'interrupt') {
		const first = await firstChunkOnly();
		let resentBytes = 0;
		const resumed = await upload({
			uploadUrl: first.url,
			onChunkComplete: (sent) => {
				resentBytes += sent;
			},
		});
		return { url: first.url, resumedUrl: resumed.url, resentBytes };
	}
	if (mode === 'terminate') {
		const first = await firstChunkOnly();
		await tus.Upload.terminate(first.url, { retryDelays: null });
		return { url: first.url, terminated: true };
	}
	if (mode === 'checksum') {
		try {
			await upload({ headers: { 'Upload-Checksum': 'sha1 AAAAAAAAAAAAAAAAAAAAAAAAAAA=' } });
			return { status: 'accepted' };
		}
		catch (error) {
			const response = error.originalResponse;
			return { status: response ? response.getStatus() : String(error) };
		}
	}
	throw new Error('Unknown mode ' + mode);
}

main().then(
	(result) => console.log(JSON.stringify(result)),
	(error) => {
		console.error(error);
		process.exit(1);
	});
