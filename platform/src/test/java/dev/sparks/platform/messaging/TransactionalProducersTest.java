package dev.sparks.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.platform.testing.EmbeddedInfrastructure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

/**
 * A crashed instance's open Kafka transaction holds back every read_committed consumer of its
 * partitions until {@code transaction.timeout.ms}, unless the restarted instance reuses its
 * transactional id: then the broker aborts it at once.
 */
class TransactionalProducersTest {

    /** Far longer than the test waits: only fencing can release the consumers in time. */
    private static final int ZOMBIE_TRANSACTION_TIMEOUT_MS = 60_000;
    private static final Duration PROMPTLY = Duration.ofSeconds(10);
    private static final int POOL_SIZE = 3;
    private static final String TOPIC = "platform-test.fencing";

    private final String bootstrap = EmbeddedInfrastructure.kafka().bootstrapServers();
    private final KafkaClients clients = new KafkaClients(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
            new SimpleMeterRegistry());

    @BeforeAll
    static void topic() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                EmbeddedInfrastructure.kafka().bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    @Test
    void aRestartedInstanceFencesTheOpenTransactionOfEveryIdItsPreviousRunUsed() {
        String prefix = "stage-" + UUID.randomUUID() + "-";
        String key = "fencing-" + UUID.randomUUID();
        // The previous run had as many transactions in flight as its pool allows; it crashed inside
        // one of them, on the last id of the pool.
        leaveTransactionOpen(prefix + (POOL_SIZE - 1), key, "zombie");

        ProducerFactory<String, byte[]> restarted = clients.transactionalProducerFactory(prefix, POOL_SIZE);
        new KafkaTemplate<>(restarted).executeInTransaction(operations ->
                operations.send(TOPIC, key, "after restart".getBytes(StandardCharsets.UTF_8)).join());

        assertThat(readCommitted(key, PROMPTLY)).containsExactly("after restart");
        restarted.reset();
    }

    private void leaveTransactionOpen(String transactionalId, String key, String value) {
        KafkaProducer<String, byte[]> zombie = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, ZOMBIE_TRANSACTION_TIMEOUT_MS),
                new StringSerializer(), new ByteArraySerializer());
        zombie.initTransactions();
        zombie.beginTransaction();
        zombie.send(new ProducerRecord<>(TOPIC, key, value.getBytes(StandardCharsets.UTF_8)));
        zombie.flush();
        zombie.close(Duration.ZERO);
    }

    private List<String> readCommitted(String key, Duration timeout) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "fencing-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            Instant deadline = Instant.now().plus(timeout);
            while (values.isEmpty() && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        values.add(new String(record.value(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return values;
    }
}
