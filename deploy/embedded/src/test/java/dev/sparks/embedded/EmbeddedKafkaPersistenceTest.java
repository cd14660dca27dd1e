package dev.sparks.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker {@code ./sparks up} runs: what was written before a stop is there after a start. */
class EmbeddedKafkaPersistenceTest {

    private static final TopicPartition USAGE = new TopicPartition("usage", 0);
    private static final TopicPartition LEDGER = new TopicPartition("ledger", 0);

    @TempDir
    Path logDir;

    @Test
    void aRestartOnTheSameFolderKeepsTopicsRecordsCommittedOffsetsAndTransactions() throws Exception {
        int port = freePort();
        try (EmbeddedKafka kafka = EmbeddedKafka.startPersistent(logDir, port)) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("usage", 1, (short) 1), new NewTopic("ledger", 1, (short) 1))).all().get();
            }
            try (KafkaProducer<String, String> producer = producer(kafka, Map.of())) {
                for (String value : List.of("u1", "u2", "u3")) {
                    producer.send(new ProducerRecord<>("usage", value)).get();
                }
            }
            try (KafkaProducer<String, String> producer = producer(kafka, Map.of("transactional.id", "ledger-writer"))) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("ledger", "committed-1"));
                producer.send(new ProducerRecord<>("ledger", "committed-2"));
                producer.commitTransaction();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("ledger", "aborted"));
                producer.abortTransaction();
            }
            try (KafkaConsumer<String, String> billing = consumer(kafka, "billing", "read_uncommitted")) {
                billing.assign(List.of(USAGE));
                billing.seekToBeginning(List.of(USAGE));
                assertThat(poll(billing, 3)).containsExactly("u1", "u2", "u3");
                billing.commitSync(Map.of(USAGE, new OffsetAndMetadata(2)));
            }
        }

        try (EmbeddedKafka kafka = EmbeddedKafka.startPersistent(logDir, port)) {
            assertThat(kafka.bootstrapServers()).isEqualTo("localhost:" + port);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get()).contains("usage", "ledger");
                assertThat(admin.listConsumerGroupOffsets("billing").partitionsToOffsetAndMetadata().get())
                        .containsEntry(USAGE, new OffsetAndMetadata(2));
            }
            try (KafkaConsumer<String, String> billing = consumer(kafka, "billing", "read_uncommitted")) {
                billing.subscribe(List.of("usage"));
                assertThat(poll(billing, 1)).as("the group resumes at its committed offset").containsExactly("u3");
            }
            try (KafkaConsumer<String, String> reader = consumer(kafka, "auditor", "read_committed")) {
                reader.assign(List.of(LEDGER));
                reader.seekToBeginning(List.of(LEDGER));
                assertThat(poll(reader, 2)).containsExactly("committed-1", "committed-2");
                assertThat(reader.poll(Duration.ofSeconds(1))).as("nothing of the aborted transaction").isEmpty();
            }
        }
    }

    @Test
    void aSecondServerOnAFolderInUseIsRefusedWithTheReason() {
        try (EmbeddedKafka running = EmbeddedKafka.startPersistent(logDir, freePort())) {
            assertThatThrownBy(() -> EmbeddedKafka.startPersistent(logDir, freePort()))
                    .hasMessageContaining(logDir.toString())
                    .hasMessageContaining("in use");
        }
    }

    private static KafkaProducer<String, String> producer(EmbeddedKafka kafka, Map<String, Object> extra) {
        Map<String, Object> config = new java.util.HashMap<>(Map.of(
                "bootstrap.servers", kafka.bootstrapServers(), "acks", "all", "enable.idempotence", "true"));
        config.putAll(extra);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(EmbeddedKafka kafka, String group, String isolation) {
        return new KafkaConsumer<>(Map.of(
                "bootstrap.servers", kafka.bootstrapServers(), "group.id", group, "isolation.level", isolation,
                "enable.auto.commit", "false", "auto.offset.reset", "earliest"),
                new StringDeserializer(), new StringDeserializer());
    }

    private static List<String> poll(KafkaConsumer<String, String> consumer, int count) {
        List<String> values = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (values.size() < count && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                values.add(record.value());
            }
        }
        return values;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
