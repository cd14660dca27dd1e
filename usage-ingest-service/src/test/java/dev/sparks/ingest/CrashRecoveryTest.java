package dev.sparks.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.embedded.EmbeddedPostgresServer;
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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The service dies between receiving a request and committing its Kafka transaction, and is
 * restarted. The crashed run left an open transaction holding the request's events (made here
 * with the service's own transactional id, exactly as the dead process leaves it). Nothing the
 * client was told "accepted" may be missing; nothing it was not told may become visible; and the
 * client's retry must count once.
 */
class CrashRecoveryTest {

    private static final String INSTANCE = "crash-test";
    private static final String DATABASE = "crash_recovery";

    @Test
    void aCrashMidPublishLosesNothingAcceptedAndTheRestartFencesTheOpenTransaction() throws Exception {
        String customer = "crash-" + UUID.randomUUID();
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String acceptedBeforeCrash = UUID.randomUUID().toString();
        String inFlight = UUID.randomUUID().toString();

        String appKey;
        KafkaProducer<String, byte[]> zombie;
        try (ConfigurableApplicationContext firstRun = start()) {
            IngestHttp http = new IngestHttp(port(firstRun));
            appKey = http.newAppKey("crashy-app");
            assertThat(http.postEvents(IngestHttp.event(acceptedBeforeCrash, customer, "ai_tokens", "100", now), appKey)
                    .statusCode()).isEqualTo(202);
            zombie = leaveAnOpenTransactionAsTheCrashedProcessWould(firstRun, customer, inFlight);
        }

        try (ConfigurableApplicationContext restarted = start(); var cleanUp = abortingIfStillOpen(zombie)) {
            IngestHttp http = new IngestHttp(port(restarted));
            long retried = System.nanoTime();
            assertThat(http.postEvents(IngestHttp.event(inFlight, customer, "ai_tokens", "250", now), appKey).statusCode())
                    .isEqualTo(202);

            List<RawUsageEvent> onKafka = TopicReader.read(Topics.USAGE_RAW, e -> e.getCustomerId().equals(customer), 3,
                    Duration.ofSeconds(8));
            Duration visibleAfter = Duration.ofNanos(System.nanoTime() - retried);

            assertThat(onKafka).extracting(RawUsageEvent::getEventId).containsExactly(acceptedBeforeCrash, inFlight);
            assertThat(onKafka.get(1).getQuantity()).isEqualByComparingTo("250");
            assertThat(visibleAfter).as("the open transaction was aborted at restart, not left to time out")
                    .isLessThan(Duration.ofSeconds(12));
        }
    }

    /** Should the restart not have fenced the zombie, its open transaction must not stall the other tests. */
    private static AutoCloseable abortingIfStillOpen(KafkaProducer<String, byte[]> zombie) {
        return () -> {
            try {
                zombie.abortTransaction();
            } catch (KafkaException fencedAsExpected) {
                // The restart fenced it: the broker already aborted its transaction.
            } finally {
                zombie.close(Duration.ZERO);
            }
        };
    }

    /** Sends the in-flight request's events in a transaction with the instance's id and never commits. */
    private static KafkaProducer<String, byte[]> leaveAnOpenTransactionAsTheCrashedProcessWould(ConfigurableApplicationContext run,
            String customer, String eventId) {
        SerdeFactory serdes = run.getBean(SerdeFactory.class);
        KafkaProducer<String, byte[]> zombie = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedInfrastructure.kafka().bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "usage-ingest-" + INSTANCE + "-0",
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000),
                new StringSerializer(), new ByteArraySerializer());
        zombie.initTransactions();
        zombie.beginTransaction();
        RawUsageEvent event = RawUsageEvent.newBuilder()
                .setEventId(eventId).setOccurredAt(Instant.now()).setCustomerId(customer)
                .setProducer("usage-ingest-service").setSource("api").setMetric("ai_tokens")
                .setQuantity(new BigDecimal("999").setScale(9)).setIngestedAt(Instant.now()).setProperties(Map.of())
                .build();
        byte[] value = serdes.valueSerde(Topics.USAGE_RAW).serializer().serialize(Topics.USAGE_RAW.name(), event);
        zombie.send(new ProducerRecord<>(Topics.USAGE_RAW.name(), customer, value));
        zombie.flush();
        // No commit, no abort, no close: the process is gone. Its transaction stays open on the broker.
        return zombie;
    }

    private static ConfigurableApplicationContext start() {
        EmbeddedInfrastructure.postgres().ensureDatabase(DATABASE);
        // Command-line arguments outrank the test's application.properties (a random instance id).
        return new SpringApplicationBuilder(IngestApplication.class).run(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + EmbeddedInfrastructure.kafka().bootstrapServers(),
                "--spring.datasource.url=" + EmbeddedInfrastructure.postgres().jdbcUrl(DATABASE),
                "--spring.datasource.username=" + EmbeddedPostgresServer.USER,
                "--sparks.platform.api-keys=" + EmbeddedInfrastructure.API_KEY,
                "--sparks.ingest.instance-id=" + INSTANCE);
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }
}
