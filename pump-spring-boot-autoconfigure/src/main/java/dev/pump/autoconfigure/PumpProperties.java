package dev.pump.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.pump.file.FileThreads;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of pumps.
 */
@ConfigurationProperties("pump")
public class PumpProperties {

	/**
	 * Maximum size of the write queue of each pump the factory creates. The read side
	 * pauses once this much is queued and resumes at half of it, so it bounds the memory
	 * of one transfer.
	 */
	private DataSize writeQueueMaxSize = DataSize.ofKilobytes(256);

	/**
	 * Number of recently finished pumps kept for the 'pumps' endpoint.
	 */
	private int historySize = 100;

	private final Metrics metrics = new Metrics();

	private final File file = new File();

	private final Bandwidth bandwidth = new Bandwidth();

	private final Observation observation = new Observation();

	public DataSize getWriteQueueMaxSize() {
		return this.writeQueueMaxSize;
	}

	public void setWriteQueueMaxSize(DataSize writeQueueMaxSize) {
		this.writeQueueMaxSize = writeQueueMaxSize;
	}

	public int getHistorySize() {
		return this.historySize;
	}

	public void setHistorySize(int historySize) {
		this.historySize = historySize;
	}

	public Metrics getMetrics() {
		return this.metrics;
	}

	public File getFile() {
		return this.file;
	}

	public Bandwidth getBandwidth() {
		return this.bandwidth;
	}

	public Observation getObservation() {
		return this.observation;
	}

	/**
	 * Transfer observation properties.
	 */
	public static class Observation {

		/**
		 * Whether to run each managed pump in an Observation (a span when tracing is on)
		 * and log one line per finished transfer.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Bandwidth limits, per second. Unset means unlimited; where several apply, the
	 * strictest wins.
	 */
	public static class Bandwidth {

		/**
		 * Bandwidth of each pump, per second.
		 */
		private @Nullable DataSize perPump;

		/**
		 * Bandwidth of all pumps of the application together, per second.
		 */
		private @Nullable DataSize total;

		/**
		 * Bandwidth limits of the pumps of a name, by name.
		 */
		private final Map<String, Name> names = new LinkedHashMap<>();

		public @Nullable DataSize getPerPump() {
			return this.perPump;
		}

		public void setPerPump(@Nullable DataSize perPump) {
			this.perPump = perPump;
		}

		public @Nullable DataSize getTotal() {
			return this.total;
		}

		public void setTotal(@Nullable DataSize total) {
			this.total = total;
		}

		public Map<String, Name> getNames() {
			return this.names;
		}

		/**
		 * Bandwidth limits of the pumps of one name.
		 */
		public static class Name {

			/**
			 * Bandwidth of each pump of this name, per second.
			 */
			private @Nullable DataSize perPump;

			/**
			 * Bandwidth of all pumps of this name together, per second.
			 */
			private @Nullable DataSize total;

			public @Nullable DataSize getPerPump() {
				return this.perPump;
			}

			public void setPerPump(@Nullable DataSize perPump) {
				this.perPump = perPump;
			}

			public @Nullable DataSize getTotal() {
				return this.total;
			}

			public void setTotal(@Nullable DataSize total) {
				this.total = total;
			}

		}

	}

	/**
	 * Metrics properties.
	 */
	public static class Metrics {

		/**
		 * Whether to publish meters of pumps.
		 */
		private boolean enabled = true;

		/**
		 * Maximum number of live pumps with meters of their own (tagged with their id) at
		 * once. Further pumps still count in the meters of their name.
		 */
		private int maxPumpsWithMeters = 100;

		/**
		 * Maximum number of pump names with meters. Pumps of further names are counted
		 * under the name 'other'.
		 */
		private int maxNames = 100;

		/**
		 * How long a pump runs before it gets meters of its own. A shorter transfer
		 * counts in the meters of its name only. Zero for at once.
		 */
		private Duration perPumpDelay = Duration.ofMillis(100);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getMaxPumpsWithMeters() {
			return this.maxPumpsWithMeters;
		}

		public void setMaxPumpsWithMeters(int maxPumpsWithMeters) {
			this.maxPumpsWithMeters = maxPumpsWithMeters;
		}

		public int getMaxNames() {
			return this.maxNames;
		}

		public void setMaxNames(int maxNames) {
			this.maxNames = maxNames;
		}

		public Duration getPerPumpDelay() {
			return this.perPumpDelay;
		}

		public void setPerPumpDelay(Duration perPumpDelay) {
			this.perPumpDelay = perPumpDelay;
		}

	}

	/**
	 * File stream properties: the threads that write and force files.
	 */
	public static class File {

		/**
		 * Number of threads that write files, each file stream writing on one of them.
		 * Defaults to the number of processors, at least 2.
		 */
		private int writerThreads = FileThreads.defaultWriterThreads();

		/**
		 * Maximum number of threads that force files to the storage device and close
		 * them, started on demand. Defaults to ten per processor.
		 */
		private int forceThreads = FileThreads.defaultForceThreads();

		public int getWriterThreads() {
			return this.writerThreads;
		}

		public void setWriterThreads(int writerThreads) {
			this.writerThreads = writerThreads;
		}

		public int getForceThreads() {
			return this.forceThreads;
		}

		public void setForceThreads(int forceThreads) {
			this.forceThreads = forceThreads;
		}

	}

}
