package dev.sparks.ingest;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sparks.ingest.*}.
 *
 * @param maxBatchSize   the most events one {@code POST /v1/events} may carry
 * @param publishTimeout how long a request waits for Kafka to acknowledge its events before it
 *                       answers 503 (the client retries with the same event ids)
 * @param langfuse       the Langfuse pull sync
 */
@ConfigurationProperties("sparks.ingest")
public record IngestProperties(
        @DefaultValue("1000") int maxBatchSize,
        @DefaultValue("30s") Duration publishTimeout,
        @DefaultValue Langfuse langfuse) {

    /**
     * {@code sparks.ingest.langfuse.*}.
     *
     * @param baseUrl         e.g. {@code https://cloud.langfuse.com}; empty means the sync is not configured
     * @param publicKey       the project's public key (Basic auth user)
     * @param secretKey       the project's secret key (Basic auth password)
     * @param schedule        cron of the scheduled sync; {@code -} disables it
     * @param pageSize        observations per page, at most 1,000 (Langfuse's limit)
     * @param overlap         how far before the watermark each window starts again, so observations
     *                        that reach Langfuse late (it can lag about 10 minutes) are not missed
     * @param initialLookback how far back the very first sync starts
     * @param requestTimeout  timeout of one HTTP call to Langfuse
     * @param lease           how long a running sync keeps other runs out; renewed on every page
     * @param retry           backoff of failed calls to Langfuse
     */
    public record Langfuse(
            @DefaultValue("") String baseUrl,
            @DefaultValue("") String publicKey,
            @DefaultValue("") String secretKey,
            @DefaultValue("-") String schedule,
            @DefaultValue("500") int pageSize,
            @DefaultValue("30m") Duration overlap,
            @DefaultValue("24h") Duration initialLookback,
            @DefaultValue("30s") Duration requestTimeout,
            @DefaultValue("10m") Duration lease,
            @DefaultValue Retry retry) {

        public Langfuse {
            if (pageSize < 1 || pageSize > 1000) {
                throw new IllegalArgumentException("sparks.ingest.langfuse.page-size must be 1..1000, got " + pageSize);
            }
        }

        public boolean configured() {
            return !baseUrl.isBlank() && !publicKey.isBlank() && !secretKey.isBlank();
        }
    }

    /**
     * @param maxAttempts    calls per request, the first included
     * @param initialBackoff first wait, doubled (randomised by half) on each further attempt
     * @param maxBackoff     longest wait between attempts, {@code Retry-After} included
     */
    public record Retry(
            @DefaultValue("5") int maxAttempts,
            @DefaultValue("500ms") Duration initialBackoff,
            @DefaultValue("30s") Duration maxBackoff) {}
}
