package dev.pump.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observation of a transfer by a managed pump: its name, key values and events.
 */
public enum PumpObservationDocumentation implements ObservationDocumentation {

	/**
	 * A transfer, from the pump's first start until it finishes.
	 */
	TRANSFER {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultPumpObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return LowCardinalityKeyNames.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return HighCardinalityKeyNames.values();
		}

		@Override
		public Observation.Event[] getEvents() {
			return Events.values();
		}

	};

	/**
	 * Low-cardinality keys: tags of metrics and attributes of spans.
	 */
	public enum LowCardinalityKeyNames implements KeyName {

		/**
		 * Name of the pump, bounded: a route or a use case.
		 */
		PUMP_NAME {
			@Override
			public String asString() {
				return "pump.name";
			}
		},

		/**
		 * How the transfer finished: {@code success}, {@code failure}, {@code cancelled},
		 * or {@code unknown} until it has.
		 */
		OUTCOME {
			@Override
			public String asString() {
				return "outcome";
			}
		}

	}

	/**
	 * High-cardinality keys: attributes of spans only.
	 */
	public enum HighCardinalityKeyNames implements KeyName {

		/**
		 * Id of the pump, unique.
		 */
		PUMP_ID {
			@Override
			public String asString() {
				return "pump.id";
			}
		},

		/**
		 * Bytes pumped, once the transfer has finished.
		 */
		BYTES {
			@Override
			public String asString() {
				return "pump.bytes";
			}
		},

		/**
		 * Times flow control paused the read stream, once the transfer has finished.
		 */
		PAUSES {
			@Override
			public String asString() {
				return "pump.pauses";
			}
		}

	}

	/**
	 * Events of a transfer.
	 */
	public enum Events implements Observation.Event {

		/**
		 * Flow control paused the read stream: the destination is slower than the source.
		 * Recorded at the 1st, 2nd, 4th, 8th... pause, so that a transfer to a slow
		 * client, which pauses thousands of times, keeps a few dozen events (a span keeps
		 * few: OpenTelemetry 128 by default); {@link HighCardinalityKeyNames#PAUSES} has
		 * the total.
		 */
		PAUSED {
			@Override
			public String getName() {
				return "pump.paused";
			}
		}

	}

}
