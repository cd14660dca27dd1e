package dev.sparks.ingest.langfuse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The answer of {@code POST /usage/sync}.
 *
 * @param pass              {@value #SYNC} or {@value #LATE_SWEEP}
 * @param processedTraceIds traces whose observations are on Kafka (published now or earlier)
 */
public record SyncStatus(String status, String pass, Instant windowFrom, Instant windowTo, String apiVersion, int observationsSeen,
        int eventsPublished, int duplicatesSkipped, int errorsLogged, List<String> processedTraceIds) {

    static final String SYNC = "sync";
    static final String LATE_SWEEP = "late_sweep";

    String summary() {
        return "window [" + windowFrom + ", " + windowTo + ") via " + apiVersion + ": " + observationsSeen
                + " observations, " + eventsPublished + " events published, " + duplicatesSkipped
                + " already published, " + errorsLogged + " errors logged";
    }

    /** One page's share of a run. */
    record PageResult(int observations, int published, int duplicates, int errorsLogged, List<String> traceIds) {}

    static final class Tally {
        private int observations;
        private int published;
        private int duplicates;
        private int errors;
        private final Set<String> traces = new LinkedHashSet<>();

        void add(PageResult page) {
            observations += page.observations();
            published += page.published();
            duplicates += page.duplicates();
            errors += page.errorsLogged();
            traces.addAll(page.traceIds());
        }

        SyncStatus status(String pass, SyncWindow window, ApiVersion version) {
            return new SyncStatus("completed", pass, window.from(), window.to(), version.label(), observations, published,
                    duplicates, errors, new ArrayList<>(traces));
        }
    }
}
