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
 */
@ConfigurationProperties("sparks.ingest")
public record IngestProperties(
        @DefaultValue("1000") int maxBatchSize, @DefaultValue("30s") Duration publishTimeout) {}
