package dev.sparks.rating.messaging;

import dev.sparks.platform.config.PlatformProperties;
import dev.sparks.platform.messaging.KafkaClients;
import dev.sparks.platform.messaging.StageListeners;
import dev.sparks.platform.messaging.TopicPublisher;
import dev.sparks.rating.RatingProperties;
import dev.sparks.rating.pricing.RateTable;
import dev.sparks.schemas.serde.SerdeFactory;
import dev.sparks.schemas.topic.Topics;
import dev.sparks.schemas.usage.RatedUsageEvent;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.transaction.KafkaTransactionManager;

/**
 * usage.raw.v1 → usage.rated.v1 in Kafka transactions: the rated event (or the dead letter) and
 * the consumed offset commit together, so every raw event is rated exactly once.
 */
@Configuration(proxyBeanMethods = false)
class RatingStage {

    static final String GROUP = "rating";

    @Bean
    RateTable rateTable(RatingProperties properties, PlatformProperties platform) {
        return RateTable.from(properties, platform.serviceName());
    }

    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> ratingListener(StageListeners stages, KafkaClients clients,
            SerdeFactory serdes, RateTable rateTable) {
        // Not a bean: a second TransactionManager would displace the JDBC one Spring Boot configures.
        // Transactional ids must be unique per running instance; zombies are fenced by the consumer
        // group's generation (exactly-once v2), not by the id.
        ProducerFactory<String, byte[]> producers =
                clients.transactionalProducerFactory("rating-" + UUID.randomUUID() + "-");
        KafkaTransactionManager<String, byte[]> kafkaTransactions = new KafkaTransactionManager<>(producers);
        TopicPublisher publisher = new TopicPublisher(new KafkaTemplate<>(producers), serdes);
        return stages.transactionalStage(GROUP, Topics.USAGE_RAW, Topics.RATING_DEAD_LETTERS, kafkaTransactions,
                publisher, raw -> {
                    RatedUsageEvent rated = rateTable.rate(raw.value());
                    publisher.send(Topics.USAGE_RATED, rated.getCustomerId(), rated);
                });
    }
}
