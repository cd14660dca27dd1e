package dev.sparks.ingest.livekit;

import dev.sparks.schemas.metric.Metric;
import dev.sparks.schemas.metric.Metrics;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * LiveKit Cloud's billing rules, as pure functions: a participant session is billed from join to
 * leave, rounded up to a whole minute (at least one); agents are billed as agent session minutes;
 * ingress, egress and SIP participants carry no connection minutes (their work is billed as
 * transcoding minutes from the egress and ingress events).
 */
public final class LiveKitBilling {

    private LiveKitBilling() {}

    /** The metric a participant of this kind is billed under, if any. */
    public static Optional<Metric> sessionMetric(String participantKind) {
        return switch (participantKind) {
            case "STANDARD" -> Optional.of(Metrics.LIVEKIT_PARTICIPANT_MINUTES);
            case "AGENT" -> Optional.of(Metrics.LIVEKIT_AGENT_MINUTES);
            default -> Optional.empty();
        };
    }

    /** Whole minutes from start to end, rounded up, at least one; an end before the start counts one. */
    public static long billableMinutes(Instant start, Instant end) {
        long millis = Math.max(0, Duration.between(start, end).toMillis());
        return Math.max(1, (millis + 59_999) / 60_000);
    }
}
