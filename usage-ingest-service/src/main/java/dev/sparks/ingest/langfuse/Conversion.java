package dev.sparks.ingest.langfuse;

import dev.sparks.schemas.usage.RawUsageEvent;
import java.util.List;

/** What one generation observation became: usage events, or the reason it could not be billed. */
public sealed interface Conversion {

    record Converted(String observationId, String traceId, List<RawUsageEvent> events) implements Conversion {}

    record Invalid(String observationId, String traceId, String reason) implements Conversion {}
}
