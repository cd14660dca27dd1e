package dev.sparks.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.platform.testing.EmbeddedInfrastructure;
import dev.sparks.platform.testing.TopicReader;
import dev.sparks.schemas.serde.SerdeFactory;
import dev.sparks.schemas.topic.Topics;
import dev.sparks.schemas.usage.RawUsageEvent;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * What a JVM app that publishes straight to {@code usage.raw.v1} does, with nothing but the
 * {@code schemas} artifact and kafka-clients (docs/architecture.md, "Ingestion"): the records it
 * writes are the records every Sparks consumer reads.
 */
class DirectPublishingTest {

    @Test
    void anAppPublishesRawUsageWithTheSchemasArtifactAndSparksReadsIt() throws Exception {
        String bootstrap = EmbeddedInfrastructure.kafka().bootstrapServers();
        ensureTopicExists(bootstrap);
        String customer = "direct-" + UUID.randomUUID();
        RawUsageEvent usage = RawUsageEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())   // chosen once per usage, reused on every retry
                .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setCustomerId(customer)
                .setProducer("mail-assistant")
                .setSource("direct")
                .setMetric("emails_processed")
                .setQuantity(new BigDecimal("42").setScale(9))
                .setIngestedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setProperties(Map.of("mailbox", "support"))
                .build();

        var serializer = SerdeFactory.singleObjectEncoding().valueSerde(Topics.USAGE_RAW).serializer();
        try (KafkaProducer<String, RawUsageEvent> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), serializer)) {
            producer.send(new ProducerRecord<>(Topics.USAGE_RAW.name(), customer, usage)).get();
        }

        List<RawUsageEvent> read = TopicReader.read(Topics.USAGE_RAW, e -> e.getCustomerId().equals(customer), 1,
                Duration.ofSeconds(10));
        assertThat(read).containsExactly(usage);
    }

    /** The services create their topics at start; this test may run before any of them. */
    private static void ensureTopicExists(String bootstrap) throws InterruptedException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(Topics.USAGE_RAW.name(), Topics.USAGE_RAW.partitions(), (short) 1)))
                    .all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(e);
            }
        }
    }
}
