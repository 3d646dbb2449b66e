// Human-readable numbers for the dashboard: sizes in binary units, rates, durations.

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function formatBytes(bytes) {
	if (bytes === null || bytes === undefined || Number.isNaN(bytes)) {
		return '–';
	}
	let value = Math.max(0, bytes);
	let unit = 0;
	while (value >= 1024 && unit < UNITS.length - 1) {
		value /= 1024;
		unit++;
	}
	const digits = (unit === 0 || value >= 100) ? 0 : (value >= 10 ? 1 : 2);
	return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

export function formatRate(bytesPerSecond) {
	return `${formatBytes(bytesPerSecond)}/s`;
}

export function formatDuration(millis) {
	if (millis === null || millis === undefined) {
		return '–';
	}
	if (millis < 1000) {
		return `${Math.round(millis)} ms`;
	}
	const seconds = millis / 1000;
	if (seconds < 60) {
		return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
	}
	const minutes = Math.floor(seconds / 60);
	return `${minutes} min ${Math.round(seconds % 60)} s`;
}

export function formatTime(iso) {
	return iso ? new Date(iso).toLocaleTimeString() : '–';
}

export function shortId(id) {
	return id.length > 8 ? id.slice(0, 8) : id;
}
