package dev.sparks.ingest.usage;

import dev.sparks.platform.messaging.TopicPublisher;
import dev.sparks.schemas.topic.Topics;
import dev.sparks.schemas.usage.RawUsageEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Puts accepted events on {@code usage.raw.v1} in one Kafka transaction and returns only once the
 * transaction committed: a request's events become visible all together or not at all.
 */
public class UsagePublisher {

    private final TopicPublisher transactionalPublisher;
    private final Duration timeout;

    public UsagePublisher(TopicPublisher transactionalPublisher, Duration timeout) {
        this.transactionalPublisher = transactionalPublisher;
        this.timeout = timeout;
    }

    public void publish(List<RawUsageEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        transactionalPublisher.template().executeInTransaction(operations -> {
            CompletableFuture<?>[] acks = events.stream()
                    .map(event -> transactionalPublisher.send(Topics.USAGE_RAW, event.getCustomerId(), event))
                    .toArray(CompletableFuture[]::new);
            CompletableFuture.allOf(acks).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).join();
            return null;
        });
    }
}
