package dev.sparks.ingest;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code sparks.ingest.*}.
 *
 * @param instanceId          overrides {@code sparks.platform.instance-id} for ingest's Kafka
 *                            transactional ids (kept for existing deployments); unset, the
 *                            platform's instance id is used
 * @param maxBatchSize        the most events one {@code POST /v1/events} may carry
 * @param maxBodySize         the largest request body an intake route reads (413 beyond)
 * @param maxInFlightRequests intake requests handled at once (429 with {@code Retry-After} beyond)
 * @param retryAfter          what a 429 tells the client to wait
 * @param publishTimeout      how long a request waits for Kafka to acknowledge its events before it
 *                            answers 503 (the client retries with the same event ids)
 * @param maxEventAge         how old an event's {@code occurred_at} may be (clients retry that long)
 * @param maxFutureSkew       how far ahead of our clock an {@code occurred_at} may be
 * @param deduplicationWindow how long accepted event ids are remembered; longer than maxEventAge
 * @param appKeyCacheTtl      how long another instance may still accept a revoked app key
 * @param livekit             LiveKit webhooks
 * @param langfuse            the Langfuse pull sync
 */
@ConfigurationProperties("sparks.ingest")
public record IngestProperties(
        String instanceId,
        @DefaultValue("1000") int maxBatchSize,
        @DefaultValue("1MB") DataSize maxBodySize,
        @DefaultValue("64") int maxInFlightRequests,
        @DefaultValue("1s") Duration retryAfter,
        @DefaultValue("30s") Duration publishTimeout,
        @DefaultValue("35d") Duration maxEventAge,
        @DefaultValue("5m") Duration maxFutureSkew,
        @DefaultValue("40d") Duration deduplicationWindow,
        @DefaultValue("30s") Duration appKeyCacheTtl,
        @DefaultValue LiveKit livekit,
        @DefaultValue Langfuse langfuse) {

    /**
     * @param keys              API key to API secret; every pair LiveKit may sign with (several
     *                          while a key is rotated)
     * @param listPriceUsd      LiveKit's list price per unit of each pass-through metric, carried on
     *                          the usage event so rating applies the markup to it
     * @param publishWait       how long a webhook waits for its usage to reach Kafka before it
     *                          answers 503 (LiveKit retries; the retry is a recognised duplicate)
     * @param leeway            clock skew tolerated on the token's exp and nbf
     */
    public record LiveKit(
            @DefaultValue Map<String, String> keys,
            @DefaultValue Map<String, BigDecimal> listPriceUsd,
            @DefaultValue("10s") Duration publishWait,
            @DefaultValue("30s") Duration leeway) {}

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
     * @param lateSweep       the slower pass that finds observations appearing or changing after the overlap
     * @param billedUsageRetention how long what each observation was billed is remembered, counted
     *                        from its last billing; longer than the late sweep's lookback, or an
     *                        observation the sweep still sees would be billed again from zero
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
            @DefaultValue Retry retry,
            @DefaultValue LateSweep lateSweep,
            @DefaultValue("40d") Duration billedUsageRetention) {

        public Langfuse {
            if (pageSize < 1 || pageSize > 1000) {
                throw new IllegalArgumentException("sparks.ingest.langfuse.page-size must be 1..1000, got " + pageSize);
            }
            if (billedUsageRetention.compareTo(lateSweep.lookback().plus(overlap)) <= 0) {
                throw new IllegalArgumentException("sparks.ingest.langfuse.billed-usage-retention (" + billedUsageRetention
                        + ") must be longer than late-sweep.lookback plus overlap (" + lateSweep.lookback().plus(overlap) + ")");
            }
        }

        public boolean configured() {
            return !baseUrl.isBlank() && !publicKey.isBlank() && !secretKey.isBlank();
        }
    }

    /**
     * {@code sparks.ingest.langfuse.late-sweep.*}: Langfuse's observations API filters by start time
     * only (no {@code updatedAt}), so the scheduled sync also pulls this long lookback again, less often.
     *
     * @param every    how often the scheduled sync also runs the sweep (measured from the last completed one)
     * @param lookback how far back the sweep pulls; matches the 35-day window in which usage is accepted
     */
    public record LateSweep(
            @DefaultValue("6h") Duration every,
            @DefaultValue("35d") Duration lookback) {}

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
