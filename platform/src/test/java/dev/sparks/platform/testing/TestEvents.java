package dev.sparks.platform.testing;

import dev.sparks.schemas.usage.RawUsageEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Raw usage events for tests. */
public final class TestEvents {

    private TestEvents() {}

    public static RawUsageEvent raw(String customerId, String metric, String quantity) {
        return raw(UUID.randomUUID().toString(), customerId, metric, quantity, Instant.parse("2026-10-15T12:00:00Z"));
    }

    public static RawUsageEvent raw(String eventId, String customerId, String metric, String quantity, Instant occurredAt) {
        return RawUsageEvent.newBuilder()
                .setEventId(eventId)
                .setOccurredAt(occurredAt)
                .setCustomerId(customerId)
                .setProducer("test")
                .setSource("api")
                .setMetric(metric)
                .setQuantity(new BigDecimal(quantity).setScale(9))
                .setIngestedAt(occurredAt)
                .setProperties(Map.of())
                .build();
    }
}
