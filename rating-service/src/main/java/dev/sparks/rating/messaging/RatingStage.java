package dev.sparks.rating.messaging;

import dev.sparks.platform.config.PlatformProperties;
import dev.sparks.platform.messaging.ConsumedRecord;
import dev.sparks.platform.messaging.KafkaClients;
import dev.sparks.platform.messaging.StageListeners;
import dev.sparks.platform.messaging.TopicPublisher;
import dev.sparks.rating.usage.UsageRater;
import dev.sparks.rating.usage.UsageRater.Outcome;
import dev.sparks.schemas.serde.SerdeFactory;
import dev.sparks.schemas.topic.Topics;
import dev.sparks.schemas.usage.RawUsageEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.transaction.KafkaTransactionManager;

/**
 * usage.raw.v1 → usage.rated.v1 in Kafka transactions: the rated events (and dead letters) of a
 * polled batch and its consumed offsets commit together, so every raw event is rated exactly once.
 * The archive write happens before, in its own database transaction; see {@link UsageRater} for
 * why a retry still produces the very same records.
 */
@Configuration(proxyBeanMethods = false)
class RatingStage {

    static final String GROUP = "rating";

    /** The stage's transactional producers; a holder, not a ProducerFactory bean, so it displaces nothing. */
    record RatingProducers(ProducerFactory<String, byte[]> factory) {}

    @Bean
    RatingProducers ratingProducers(KafkaClients clients, PlatformProperties platform) {
        // Exactly-once v2 fences a zombie's offset commits by the consumer group's generation, but
        // only reusing its transactional id aborts the transaction a crash left open, which would
        // hold back every read_committed reader of usage.rated.v1 until it timed out. So the ids
        // are stable per instance, one per listener thread, and all fenced at start.
        return new RatingProducers(clients.transactionalProducerFactory(platform.transactionalIdPrefix("rating"),
                platform.kafka().consumerConcurrency()));
    }

    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> ratingListener(StageListeners stages, RatingProducers producers,
            SerdeFactory serdes, UsageRater rater) {
        // Not a bean: a second TransactionManager would displace the JDBC one Spring Boot configures.
        KafkaTransactionManager<String, byte[]> kafkaTransactions = new KafkaTransactionManager<>(producers.factory());
        TopicPublisher publisher = new TopicPublisher(new KafkaTemplate<>(producers.factory()), serdes);
        return stages.transactionalBatchStage(GROUP, Topics.USAGE_RAW, Topics.RATING_DEAD_LETTERS, kafkaTransactions,
                publisher, batch -> {
                    List<Outcome> outcomes = rater.rate(batch.stream().map(ConsumedRecord::value).toList());
                    Map<Integer, String> rejected = new HashMap<>();
                    for (int i = 0; i < outcomes.size(); i++) {
                        switch (outcomes.get(i)) {
                            case Outcome.Rated(var rated) -> publisher.send(Topics.USAGE_RATED, rated.getCustomerId(), rated);
                            case Outcome.Rejected(var reason) -> rejected.put(i, reason);
                        }
                    }
                    return rejected;
                });
    }
}
