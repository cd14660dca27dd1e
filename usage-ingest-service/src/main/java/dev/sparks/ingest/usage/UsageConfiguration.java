package dev.sparks.ingest.usage;

import dev.sparks.ingest.IngestProperties;
import dev.sparks.ingest.intake.IngestCounters;
import dev.sparks.platform.config.PlatformProperties;
import dev.sparks.platform.messaging.KafkaClients;
import dev.sparks.platform.messaging.TopicPublisher;
import dev.sparks.schemas.serde.SerdeFactory;
import java.time.Clock;
import org.jooq.DSLContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

@Configuration(proxyBeanMethods = false)
class UsageConfiguration {

    @Bean
    UsageEventParser usageEventParser(IngestProperties properties, PlatformProperties platform, Clock clock) {
        return new UsageEventParser(properties.maxBatchSize(), platform.serviceName(), clock, properties.maxEventAge(),
                properties.maxFutureSkew());
    }

    /**
     * One Kafka transaction per admitted intake request, plus the Langfuse sync: the producer pool
     * never needs more, and all its transactional ids are fenced at start (see KafkaClients).
     */
    @Bean
    UsagePublisher usagePublisher(KafkaClients clients, SerdeFactory serdes, IngestProperties properties,
            PlatformProperties platform) {
        String prefix = "usage-ingest-" + instanceId(properties, platform) + "-";
        int transactionsAtOnce = properties.maxInFlightRequests() + 1;
        KafkaTemplate<String, byte[]> template =
                new KafkaTemplate<>(clients.transactionalProducerFactory(prefix, transactionsAtOnce));
        return new UsagePublisher(new TopicPublisher(template, serdes), properties.publishTimeout());
    }

    @Bean
    AcceptedEvents acceptedEvents(DSLContext db, Clock clock) {
        return new AcceptedEvents(db, clock);
    }

    @Bean
    UsageIntake usageIntake(UsagePublisher publisher, AcceptedEvents acceptedEvents, IngestCounters counters) {
        return new UsageIntake(publisher, acceptedEvents, counters);
    }

    /** {@code sparks.ingest.instance-id} when set (it came first), otherwise the platform's. */
    private static String instanceId(IngestProperties properties, PlatformProperties platform) {
        return properties.instanceId() != null && !properties.instanceId().isBlank()
                ? properties.instanceId()
                : platform.instanceId();
    }
}
