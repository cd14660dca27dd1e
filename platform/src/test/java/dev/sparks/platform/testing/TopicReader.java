package dev.sparks.platform.testing;

import dev.sparks.schemas.serde.SerdeFactory;
import dev.sparks.schemas.topic.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a registry topic from the beginning, as a committed-only consumer would, for assertions. */
public final class TopicReader {

    private TopicReader() {}

    /** The values matching {@code filter}, reading until {@code expected} matched or {@code timeout} passed. */
    public static <V extends SpecificRecord> List<V> read(Topic<String, V> topic, Predicate<V> filter, int expected,
            Duration timeout) {
        List<V> matching = new ArrayList<>();
        var deserializer = SerdeFactory.singleObjectEncoding().valueSerde(topic).deserializer();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedInfrastructure.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic.name()));
            Instant deadline = Instant.now().plus(timeout);
            while (matching.size() < expected && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    V value = deserializer.deserialize(topic.name(), record.value());
                    if (filter.test(value)) {
                        matching.add(value);
                    }
                }
            }
        }
        return matching;
    }
}
