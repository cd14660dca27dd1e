package dev.sparks.ingest.langfuse;

import dev.sparks.ingest.intake.IngestCounters;
import dev.sparks.schemas.usage.RawUsageEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Turns one page of observations into usage: converts each (looking up its trace when the
 * observation alone does not name the customer, and always on v1, whose observations carry no
 * userId), publishes the valid ones in one Kafka transaction and logs the others with their payload.
 */
public class PageProcessor {

    private final LangfuseClient client;
    private final ObservationConverter converter;
    private final ObservationPublisher publisher;
    private final SyncErrors errors;
    private final IngestCounters counters;

    PageProcessor(LangfuseClient client, ObservationConverter converter, ObservationPublisher publisher, SyncErrors errors,
            IngestCounters counters) {
        this.client = client;
        this.converter = converter;
        this.publisher = publisher;
        this.errors = errors;
        this.counters = counters;
    }

    SyncStatus.PageResult process(ObservationPage page) {
        Map<String, Optional<JsonNode>> traces = new HashMap<>();
        List<RawUsageEvent> events = new ArrayList<>();
        List<String> converted = new ArrayList<>();
        LinkedHashSet<String> traceIds = new LinkedHashSet<>();
        List<Map.Entry<Conversion.Invalid, JsonNode>> invalid = new ArrayList<>();
        for (JsonNode observation : page.observations()) {
            Conversion conversion = convert(observation, page.version(), traces);
            switch (conversion) {
                case Conversion.Converted ok -> {
                    events.addAll(ok.events());
                    converted.add(ok.observationId());
                    if (ok.traceId() != null) {
                        traceIds.add(ok.traceId());
                    }
                }
                case Conversion.Invalid bad -> invalid.add(Map.entry(bad, observation));
            }
        }
        int[] logged = {0};
        ObservationPublisher.Result result = publisher.publish(events, () -> {
            errors.resolveConverted(converted, "converted by a later sync");
            invalid.forEach(bad -> logged[0] += errors.log(bad.getKey(), bad.getValue()) ? 1 : 0);
        });
        counters.errorLogged(ObservationConverter.SOURCE, logged[0]);
        return new SyncStatus.PageResult(page.observations().size(), result.published(), result.duplicates(), logged[0],
                List.copyOf(traceIds));
    }

    private Conversion convert(JsonNode observation, ApiVersion version, Map<String, Optional<JsonNode>> traces) {
        String traceId = ObservationConverter.text(observation, "traceId");
        if (version == ApiVersion.V2 || traceId == null) {
            Conversion conversion = converter.convert(observation, null, null);
            if (conversion instanceof Conversion.Converted || traceId == null) {
                return conversion;
            }
        }
        JsonNode trace = traces.computeIfAbsent(traceId, client::trace).orElse(null);
        return converter.convert(observation, trace, null);
    }
}
