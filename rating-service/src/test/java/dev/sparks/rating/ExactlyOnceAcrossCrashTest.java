package dev.sparks.rating;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.platform.testing.EmbeddedInfrastructure;
import dev.sparks.platform.testing.TestEvents;
import dev.sparks.platform.testing.TopicReader;
import dev.sparks.rating.usage.UsageRater;
import dev.sparks.rating.usage.UsageRater.Outcome;
import dev.sparks.schemas.serde.SerdeFactory;
import dev.sparks.schemas.topic.Topics;
import dev.sparks.schemas.usage.RatedUsageEvent;
import dev.sparks.schemas.usage.RawUsageEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Exactly once across a restart and a crash, on the real broker and database: every raw event
 * sent ends up rated exactly once on usage.rated.v1 (read_committed), no duplicate and no gap.
 */
@SpringBootTest
// Closed after the class: every test context's rating stage joins the consumer group "rating", and
// a cached context would go on taking partitions (and rating into its own database) for later classes.
@DirtiesContext
class ExactlyOnceAcrossCrashTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        EmbeddedInfrastructure.register(registry, "rating_crash");
    }

    @Autowired @Qualifier("ratingListener") ConcurrentMessageListenerContainer<String, byte[]> ratingListener;
    @Autowired UsageRater rater;
    @Autowired KafkaTemplate<String, byte[]> kafka;
    @Autowired SerdeFactory serdes;

    @Test
    void everyRawEventIsRatedExactlyOnceAcrossARestartAndACrashMidTransaction() throws Exception {
        String prefix = "crash-" + UUID.randomUUID() + "-";
        List<RawUsageEvent> sent = new ArrayList<>();

        // Given rating under way, stopped while events keep coming
        sent.addAll(sendEvents(prefix, 1_500));
        awaitRated(prefix, 200);
        ratingListener.stop();
        List<RawUsageEvent> whileDown = sendEvents(prefix, 500);
        sent.addAll(whileDown);

        // and an instance that crashed mid-transaction: it archived and rated the events that came
        // in while the stage was down, wrote them into a Kafka transaction, and died uncommitted
        crashMidTransaction(whileDown);

        // When the stage starts again and more events come
        ratingListener.start();
        sent.addAll(sendEvents(prefix, 500));

        // Then each raw event is rated exactly once
        List<RatedUsageEvent> rated = TopicReader.read(Topics.USAGE_RATED, e -> e.getCustomerId().startsWith(prefix),
                sent.size(), Duration.ofSeconds(120));
        Set<String> sentIds = sent.stream().map(RawUsageEvent::getEventId).collect(Collectors.toSet());
        assertThat(rated).hasSize(sent.size());
        assertThat(rated.stream().map(RatedUsageEvent::getRawEventId).collect(Collectors.toSet())).isEqualTo(sentIds);
        assertThat(rated.stream().map(RatedUsageEvent::getEventId).distinct()).hasSize(sent.size());
        assertThat(TopicReader.read(Topics.USAGE_RATED, e -> e.getCustomerId().startsWith(prefix), sent.size() + 1,
                Duration.ofSeconds(5))).as("nothing beyond one per raw event").hasSize(sent.size());
    }

    private void crashMidTransaction(List<RawUsageEvent> events) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedInfrastructure.kafka().bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "crashed-rating-" + UUID.randomUUID(),
                // the broker aborts the dead instance's transaction after this
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 3_000);
        KafkaProducer<String, byte[]> crashed = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        crashed.initTransactions();
        crashed.beginTransaction();
        List<Outcome> outcomes = rater.rate(events.subList(0, 300));
        for (Outcome outcome : outcomes) {
            RatedUsageEvent rated = ((Outcome.Rated) outcome).event();
            crashed.send(new ProducerRecord<>(Topics.USAGE_RATED.name(), rated.getCustomerId(),
                    serdes.valueSerde(Topics.USAGE_RATED).serializer().serialize(Topics.USAGE_RATED.name(), rated)));
        }
        crashed.flush();
        crashed.close(Duration.ZERO);
    }

    private List<RawUsageEvent> sendEvents(String prefix, int count) {
        List<RawUsageEvent> events = new ArrayList<>(count);
        String[] metrics = {"ai_tokens", "compute_minutes", "storage_gb_months"};
        for (int i = 0; i < count; i++) {
            RawUsageEvent event = TestEvents.raw(UUID.randomUUID().toString(), prefix + (i % 25), metrics[i % 3],
                    String.valueOf(1 + i % 997), Instant.parse("2026-10-15T12:00:00Z").plusSeconds(i));
            events.add(event);
            kafka.send(Topics.USAGE_RAW.name(), event.getCustomerId(),
                    serdes.valueSerde(Topics.USAGE_RAW).serializer().serialize(Topics.USAGE_RAW.name(), event));
        }
        kafka.flush();
        return events;
    }

    private static void awaitRated(String prefix, int atLeast) {
        TopicReader.read(Topics.USAGE_RATED, e -> e.getCustomerId().startsWith(prefix), atLeast, Duration.ofSeconds(30));
    }
}
