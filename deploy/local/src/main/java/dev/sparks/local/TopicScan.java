package dev.sparks.local;

import dev.sparks.schemas.serde.SerdeFactory;
import dev.sparks.schemas.topic.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a whole topic as a downstream consumer sees it ({@code read_committed}): every committed
 * record up to the end offsets taken at the start, decoded with the registry's serde. For audits,
 * not for processing: it keeps everything in memory.
 */
final class TopicScan {

    private static final SerdeFactory SERDES = SerdeFactory.singleObjectEncoding();

    private TopicScan() {}

    static <V extends SpecificRecord> List<V> all(String bootstrapServers, Topic<String, V> topic) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "sparks-audit-" + UUID.randomUUID());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        var deserializer = SERDES.valueSerde(topic).deserializer();
        List<V> values = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Could not read " + topic.name() + " to its end: a transaction still open?");
                }
                consumer.poll(Duration.ofMillis(500)).forEach(record -> values.add(deserializer.deserialize(topic.name(),
                        record.value())));
            }
        }
        return values;
    }

    /** How many records each distinct key of {@code values} has. */
    static <V> Map<String, Long> countBy(List<V> values, java.util.function.Function<V, String> key) {
        return values.stream().collect(Collectors.groupingBy(key, Collectors.counting()));
    }
}
