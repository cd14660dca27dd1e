package dev.sparks.platform.config;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sparks.platform.*}: settings every service shares.
 *
 * @param serviceName    the name written as {@code producer} on every event this service emits;
 *                       defaults to {@code spring.application.name}
 * @param apiKeys        bearer keys accepted on the service's API; none configured means every API
 *                       call is refused (health and metrics stay open)
 * @param selfAuthenticatedPaths path prefixes the platform's key check skips because the service
 *                       authenticates them itself (signed webhooks, per-app keys)
 * @param outbox         how the outbox relay polls
 * @param kafka          topic provisioning
 */
public record PlatformProperties(
        String serviceName,
        @DefaultValue List<String> apiKeys,
        @DefaultValue List<String> selfAuthenticatedPaths,
        @DefaultValue Outbox outbox,
        @DefaultValue Kafka kafka) {

    /**
     * @param pollInterval how often the relay looks for unpublished rows when nobody woke it
     * @param batchSize    rows published per relay transaction
     */
    public record Outbox(@DefaultValue("200ms") Duration pollInterval, @DefaultValue("500") int batchSize) {}

    /**
     * @param replicationFactor replicas per topic; 0 means the broker's default.replication.factor
     * @param consumerConcurrency listener threads per consuming stage
     */
    public record Kafka(@DefaultValue("0") short replicationFactor, @DefaultValue("3") int consumerConcurrency) {}
}
