package dev.pump.observation;

import java.util.Objects;

import dev.pump.PumpOutcome;
import dev.pump.registry.ManagedPump;
import dev.pump.registry.PumpAttribute;
import dev.pump.registry.PumpListener;
import dev.pump.registry.PumpSnapshot;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Runs each managed pump in a {@link PumpObservationDocumentation#TRANSFER transfer}
 * {@link Observation}: started when the pump is, stopped when it finishes, with an event
 * at the 1st, 2nd, 4th, 8th... pause of flow control. Nothing is added per item. Also
 * writes the {@link TransferLog one log line} per finished transfer, inside the
 * observation's scope so that the trace id is in the logging context when tracing is on.
 *
 * <h2>Parent</h2> The parent is the observation in the Reactor context of the pump's
 * {@link ManagedPump#run() run()} subscriber, where WebFlux puts the HTTP request's
 * observation (under {@value #OBSERVATION_CONTEXT_KEY}); otherwise the registry's current
 * observation of the thread that starts the pump.
 */
public final class PumpObservationListener implements PumpListener {

	/**
	 * Key of the current observation in a Reactor context: the value of Micrometer's
	 * {@code ObservationThreadLocalAccessor.KEY}, which needs context-propagation on the
	 * class path, so it is repeated here.
	 */
	public static final String OBSERVATION_CONTEXT_KEY = "micrometer.observation";

	private static final PumpObservationConvention DEFAULT_CONVENTION = new DefaultPumpObservationConvention();

	private final ObservationRegistry registry;

	private final @Nullable PumpObservationConvention convention;

	private final TransferLog log = new TransferLog();

	// On the pump rather than in a map of pumps: a pause event looks it up there.
	private final PumpAttribute<Observation> observationKey = PumpAttribute.named("pump.observation");

	/**
	 * Create a listener.
	 * @param registry the observation registry
	 * @param convention the convention to use instead of the default, or {@code null}
	 */
	public PumpObservationListener(ObservationRegistry registry, @Nullable PumpObservationConvention convention) {
		this.registry = Objects.requireNonNull(registry, "registry");
		this.convention = convention;
	}

	@Override
	public void registered(ManagedPump pump) {
		PumpObservationContext context = new PumpObservationContext(pump);
		Observation observation = PumpObservationDocumentation.TRANSFER.observation(this.convention, DEFAULT_CONVENTION,
				() -> context, this.registry);
		// Micrometer has made the thread's current observation the parent; the one in the
		// Reactor context, where WebFlux keeps the request's, comes first.
		if (pump.context().getOrDefault(OBSERVATION_CONTEXT_KEY, null) instanceof Observation parent) {
			observation.parentObservation(parent);
		}
		pump.attribute(this.observationKey, observation.start());
	}

	// See Events.PAUSED.
	@Override
	public Pauses pauses() {
		return Pauses.POWERS_OF_TWO;
	}

	@Override
	public void paused(ManagedPump pump) {
		// The registry calls at powers of two only; a direct caller may not.
		long pauses = pump.pauseCount();
		if ((pauses & (pauses - 1)) != 0) {
			return;
		}
		Observation observation = pump.attribute(this.observationKey);
		if (observation != null) {
			observation.event(PumpObservationDocumentation.Events.PAUSED);
		}
	}

	@Override
	public void finished(ManagedPump pump, PumpSnapshot snapshot, @Nullable Throwable failure) {
		Observation observation = pump.attribute(this.observationKey, null);
		if (observation == null) {
			this.log.finished(snapshot);
			return;
		}
		if (observation.getContext() instanceof PumpObservationContext context) {
			context.setFinished(snapshot);
		}
		if (failure != null && snapshot.outcome() == PumpOutcome.FAILURE) {
			observation.error(failure);
		}
		// Opening the scope (for the trace id in the logging context) costs more than the
		// rest of the observation: only for a line that is written.
		if (this.log.isEnabled(snapshot)) {
			observation.scoped(() -> this.log.finished(snapshot));
		}
		observation.stop();
	}

}
