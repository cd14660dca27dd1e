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
 * @param instanceId          names this instance's Kafka transactional producers; must be unique
 *                            among running instances and stable across restarts of one (a pod
 *                            name), so a restart fences the crashed run's open transaction
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
        @DefaultValue LiveKit livekit) {

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
}
