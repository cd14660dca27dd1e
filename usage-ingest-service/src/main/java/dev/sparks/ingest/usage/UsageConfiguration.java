package dev.sparks.ingest.usage;

import dev.sparks.ingest.IngestProperties;
import dev.sparks.platform.config.PlatformProperties;
import dev.sparks.platform.messaging.KafkaClients;
import dev.sparks.platform.messaging.TopicPublisher;
import dev.sparks.schemas.serde.SerdeFactory;
import java.time.Clock;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

@Configuration(proxyBeanMethods = false)
class UsageConfiguration {

    @Bean
    UsageEventParser usageEventParser(IngestProperties properties, PlatformProperties platform, Clock clock) {
        return new UsageEventParser(properties.maxBatchSize(), platform.serviceName(), clock);
    }

    /**
     * A producer-only transactional id must be unique per running instance, or two instances would
     * fence each other: hence a random suffix per process.
     */
    @Bean
    UsagePublisher usagePublisher(KafkaClients clients, SerdeFactory serdes, IngestProperties properties) {
        String prefix = "usage-ingest-" + UUID.randomUUID() + "-";
        KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(clients.transactionalProducerFactory(prefix));
        return new UsagePublisher(new TopicPublisher(template, serdes), properties.publishTimeout());
    }
}
