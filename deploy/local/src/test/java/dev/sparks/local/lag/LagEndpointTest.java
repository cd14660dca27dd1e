package dev.sparks.local.lag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.embedded.EmbeddedKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The launcher's lag endpoint against a real broker: lag in records and seconds, dead groups included. */
class LagEndpointTest {

    /** Records are stamped from here on, one a second; the collector's clock reads 100 s later. */
    private static final Instant FIRST_RECORD = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);
    private static final Clock CLOCK = Clock.fixed(FIRST_RECORD.plusSeconds(100), ZoneOffset.UTC);
    private static final TopicPartition USAGE_0 = new TopicPartition("usage", 0);
    private static final TopicPartition USAGE_1 = new TopicPartition("usage", 1);
    private static final TopicPartition LEDGER_0 = new TopicPartition("ledger", 0);

    @Test
    void groupsDeadOrAliveShowTheirLagInRecordsAndTheAgeOfTheirOldestUnconsumedRecord() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(0);
                Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("usage", 2, (short) 1), new NewTopic("ledger", 1, (short) 1))).all().get();
            try (KafkaProducer<String, String> producer = producer(kafka, Map.of())) {
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>("usage", 0, FIRST_RECORD.plusSeconds(i).toEpochMilli(), "c", "u" + i));
                }
                for (int i = 0; i < 4; i++) {
                    producer.send(new ProducerRecord<>("usage", 1, FIRST_RECORD.plusSeconds(i).toEpochMilli(), "d", "v" + i));
                }
            }
            // Two records and the transaction's commit marker: offsets 0, 1 and 2.
            try (KafkaProducer<String, String> producer = producer(kafka, Map.of("transactional.id", "ledger-writer"))) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("ledger", "c", "l0"));
                producer.send(new ProducerRecord<>("ledger", "c", "l1"));
                producer.commitTransaction();
            }
            // "billing" has no member: it consumed 3 of partition 0, all of partition 1, the ledger up to its marker.
            admin.alterConsumerGroupOffsets("billing", Map.of(USAGE_0, new OffsetAndMetadata(3),
                    USAGE_1, new OffsetAndMetadata(4), LEDGER_0, new OffsetAndMetadata(2))).all().get();

            try (KafkaConsumer<String, String> rating = liveMember(kafka);
                    LagCollector collector = new LagCollector(kafka.bootstrapServers(), CLOCK, Duration.ofSeconds(10));
                    LagEndpoint endpoint = LagEndpoint.start(collector, "test", 0)) {
                String metrics = scrape(endpoint);

                assertThat(metrics.lines()).contains(
                        "kafka_topic_partition_current_offset{partition=\"0\",topic=\"usage\"} 10",
                        "kafka_topic_partition_current_offset{partition=\"0\",topic=\"ledger\"} 3",
                        "kafka_consumergroup_members{consumergroup=\"billing\"} 0",
                        "kafka_consumergroup_current_offset{consumergroup=\"billing\",partition=\"0\",topic=\"usage\"} 3",
                        "kafka_consumergroup_lag{consumergroup=\"billing\",partition=\"0\",topic=\"usage\"} 7",
                        "kafka_consumergroup_lag{consumergroup=\"billing\",partition=\"1\",topic=\"usage\"} 0",
                        "kafka_consumergroup_lag{consumergroup=\"billing\",partition=\"0\",topic=\"ledger\"} 1",
                        "kafka_consumergroup_lag_sum{consumergroup=\"billing\",topic=\"usage\"} 7",
                        // The oldest record "billing" has not read is offset 3, stamped 3 s after the first.
                        "kafka_consumergroup_group_lag_seconds{cluster_name=\"test\",group=\"billing\",topic=\"usage\","
                                + "partition=\"0\",member_host=\"\",consumer_id=\"\",client_id=\"\"} 97.000",
                        "kafka_consumergroup_group_lag_seconds{cluster_name=\"test\",group=\"billing\",topic=\"usage\","
                                + "partition=\"1\",member_host=\"\",consumer_id=\"\",client_id=\"\"} 0.000",
                        // A lag of one that is only the commit marker: nothing waits.
                        "kafka_consumergroup_group_lag_seconds{cluster_name=\"test\",group=\"billing\",topic=\"ledger\","
                                + "partition=\"0\",member_host=\"\",consumer_id=\"\",client_id=\"\"} 0.000",
                        "kafka_consumergroup_group_max_lag_seconds{cluster_name=\"test\",group=\"billing\"} 97.000",
                        "kafka_consumergroup_members{consumergroup=\"rating\"} 1",
                        "kafka_consumergroup_lag{consumergroup=\"rating\",partition=\"0\",topic=\"usage\"} 5",
                        "kafka_consumergroup_group_max_lag_seconds{cluster_name=\"test\",group=\"rating\"} 95.000");
                assertThat(metrics).containsPattern(
                        "kafka_consumergroup_group_lag_seconds\\{cluster_name=\"test\",group=\"rating\",topic=\"usage\","
                                + "partition=\"0\",member_host=\"/[^\"]+\",consumer_id=\"lag-test-rating-[^\"]+\","
                                + "client_id=\"lag-test-rating\"} 95.000");

                String table = LagTable.format(collector.collect());
                assertThat(table.lines()).anySatisfy(line ->
                        assertThat(line.split("\\s+")).containsExactly("billing", "usage", "0", "3", "10", "7", "97.0", "Empty"));
                assertThat(table.lines()).anySatisfy(line ->
                        assertThat(line.split("\\s+")).containsExactly("rating", "usage", "0", "5", "10", "5", "95.0", "Stable"));
            }
        }
    }

    /** A member of "rating" that owns both partitions of "usage" and committed 5 on partition 0. */
    private static KafkaConsumer<String, String> liveMember(EmbeddedKafka kafka) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", kafka.bootstrapServers(), "group.id", "rating", "client.id", "lag-test-rating",
                "enable.auto.commit", "false", "auto.offset.reset", "earliest", "max.poll.records", "1"),
                new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of("usage"));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (consumer.assignment().size() < 2 && System.nanoTime() - deadline < 0) {
            consumer.poll(Duration.ofMillis(100));
        }
        consumer.commitSync(Map.of(USAGE_0, new OffsetAndMetadata(5)));
        return consumer;
    }

    private static KafkaProducer<String, String> producer(EmbeddedKafka kafka, Map<String, Object> extra) {
        Map<String, Object> config = new java.util.HashMap<>(Map.of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all"));
        config.putAll(extra);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static String scrape(LagEndpoint endpoint) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + endpoint.port() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        return response.body();
    }
}
