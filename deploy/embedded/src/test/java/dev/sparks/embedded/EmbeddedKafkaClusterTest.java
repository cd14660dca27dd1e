package dev.sparks.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The three-broker cluster of ./sparks bench scale: replicated, transactional, and still writable with a broker down. */
class EmbeddedKafkaClusterTest {

    @Test
    void transactionsCommitOnThreeBrokersAndStillCommitWithOneStopped() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.startCluster(3);
                Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("usage", 3, (short) 3))).all().get();
            TopicDescription usage = admin.describeTopics(List.of("usage")).allTopicNames().get().get("usage");
            assertThat(usage.partitions()).allSatisfy(partition -> assertThat(partition.replicas()).hasSize(3));

            commitTransaction(kafka, "before");
            kafka.stopBroker(2);
            commitTransaction(kafka, "after");

            assertThat(readCommitted(kafka, 2)).containsExactlyInAnyOrder("before", "after");
        }
    }

    private static void commitTransaction(EmbeddedKafka kafka, String value) {
        Map<String, Object> config = new HashMap<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                "transactional.id", "cluster-test-" + value, "max.block.ms", "30000"));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("usage", "customer", value));
            producer.commitTransaction();
        }
    }

    private static List<String> readCommitted(EmbeddedKafka kafka, int count) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                "isolation.level", "read_committed"), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = List.of(new TopicPartition("usage", 0), new TopicPartition("usage", 1),
                    new TopicPartition("usage", 2));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < count && System.nanoTime() - deadline < 0) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}
