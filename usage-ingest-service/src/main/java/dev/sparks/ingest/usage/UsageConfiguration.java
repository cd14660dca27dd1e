package dev.sparks.ingest.usage;

import dev.sparks.ingest.IngestProperties;
import dev.sparks.ingest.intake.IngestCounters;
import dev.sparks.platform.config.PlatformProperties;
import dev.sparks.platform.messaging.KafkaClients;
import dev.sparks.platform.messaging.TopicPublisher;
import dev.sparks.schemas.serde.SerdeFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
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

    @Bean(initMethod = "fenceZombies")
    UsagePublisher usagePublisher(KafkaClients clients, SerdeFactory serdes, IngestProperties properties) {
        String prefix = "usage-ingest-" + instanceId(properties) + "-";
        KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(clients.transactionalProducerFactory(prefix));
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

    private static String instanceId(IngestProperties properties) {
        if (properties.instanceId() != null && !properties.instanceId().isBlank()) {
            return properties.instanceId();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("Set sparks.ingest.instance-id: the host name is unknown", e);
        }
    }
}
