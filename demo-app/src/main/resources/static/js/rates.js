// Rates measured in the browser from successive polls of /actuator/pumps: the endpoint
// gives each pump's bytes so far and its average rate, the dashboard wants "now".

const WINDOW_MILLIS = 2000;

/** The current rate of each pump, from its bytes over the last two seconds of polls. */
export class PumpRates {

	constructor() {
		this.samples = new Map();
	}

	update(now, pumps) {
		const seen = new Set();
		for (const pump of pumps) {
			seen.add(pump.id);
			const samples = this.samples.get(pump.id) ?? [];
			samples.push({ time: now, bytes: pump.bytes });
			while (samples.length > 2 && now - samples[1].time >= WINDOW_MILLIS) {
				samples.shift();
			}
			this.samples.set(pump.id, samples);
		}
		for (const id of [...this.samples.keys()]) {
			if (!seen.has(id)) {
				this.samples.delete(id);
			}
		}
	}

	rate(pump) {
		const samples = this.samples.get(pump.id);
		if (!samples || samples.length < 2) {
			return pump.bytesPerSecond;
		}
		const first = samples[0];
		const last = samples[samples.length - 1];
		const seconds = (last.time - first.time) / 1000;
		return seconds > 0 ? (last.bytes - first.bytes) / seconds : pump.bytesPerSecond;
	}

}

/**
 * Bytes moved by all pumps between two polls: what live pumps gained, plus what pumps
 * that finished meanwhile gained before they finished. The first poll only remembers.
 */
export class TotalBytes {

	constructor() {
		this.last = null;
	}

	delta(live, recent) {
		const current = new Map();
		for (const pump of [...live, ...recent]) {
			current.set(pump.id, pump.bytes);
		}
		let delta = 0;
		if (this.last !== null) {
			for (const [id, bytes] of current) {
				delta += Math.max(0, bytes - (this.last.get(id) ?? 0));
			}
		}
		this.last = current;
		return delta;
	}

}

/**
 * Whether backpressure acted between two polls: a pump is paused now, or some pump was
 * paused (its pause count grew) and resumed again before this poll could see it.
 */
export class Backpressure {

	constructor() {
		this.pauses = new Map();
	}

	acted(live, recent) {
		let acted = live.some((pump) => pump.paused);
		const current = new Map();
		for (const pump of [...live, ...recent]) {
			current.set(pump.id, pump.pauses);
			const before = this.pauses.get(pump.id);
			acted = acted || (before !== undefined && pump.pauses > before);
		}
		this.pauses = current;
		return acted;
	}

}
