package dev.sparks.local.lag;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the timestamp of the first record a group would consume next, with a consumer that has no
 * group (it commits nothing and joins nothing) and lives for one collection.
 *
 * <p>The committed offset often names no record: a transactional producer's commit marker takes
 * an offset, and a group that consumed everything before it commits the marker's offset, leaving
 * a lag of one "record" that is not one. Reading {@code read_committed} from the committed offset
 * skips markers and aborted records, so such a partition is found to have nothing waiting.
 */
final class OldestUnconsumed {

    /** A partition and an offset on it. */
    record Position(TopicPartition partition, long offset) {}

    private final String bootstrapServers;
    private final Duration timeout;

    OldestUnconsumed(String bootstrapServers, Duration timeout) {
        this.bootstrapServers = bootstrapServers;
        this.timeout = timeout;
    }

    /**
     * For each position: the timestamp of the first committed record at or after it, or empty when
     * there is none before the end of the partition. A position missing from the answer could not
     * be read within the timeout.
     */
    Map<Position, Optional<Instant>> read(Set<Position> positions) {
        Map<Position, Optional<Instant>> found = new HashMap<>();
        if (positions.isEmpty()) {
            return found;
        }
        // A consumer reads one position per partition at a time: several groups behind on the same
        // partition are read in rounds, lowest offsets first.
        Map<TopicPartition, TreeSet<Long>> wanted = new HashMap<>();
        positions.forEach(p -> wanted.computeIfAbsent(p.partition(), any -> new TreeSet<>()).add(p.offset()));
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            while (!wanted.isEmpty() && System.nanoTime() - deadline < 0) {
                Map<TopicPartition, Long> round = new HashMap<>();
                wanted.forEach((partition, offsets) -> round.put(partition, offsets.pollFirst()));
                wanted.values().removeIf(TreeSet::isEmpty);
                readRound(consumer, round, deadline, found);
            }
        }
        return found;
    }

    private static void readRound(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> round, long deadline,
            Map<Position, Optional<Instant>> found) {
        consumer.assign(round.keySet());
        consumer.resume(consumer.paused());
        round.forEach(consumer::seek);
        // read_committed: the end is the last stable offset; what lies beyond cannot be consumed yet.
        Map<TopicPartition, Long> end = consumer.endOffsets(round.keySet());
        Map<TopicPartition, Long> pending = new HashMap<>(round);
        while (!pending.isEmpty() && System.nanoTime() - deadline < 0) {
            for (TopicPartition partition : new ArrayList<>(pending.keySet())) {
                if (consumer.position(partition) >= end.get(partition)) {
                    found.put(new Position(partition, pending.remove(partition)), Optional.empty());
                    consumer.pause(List.of(partition));
                }
            }
            if (pending.isEmpty()) {
                return;
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                Long from = pending.get(partition);
                if (from != null && record.offset() >= from) {
                    pending.remove(partition);
                    consumer.pause(List.of(partition));
                    if (record.timestampType() != TimestampType.NO_TIMESTAMP_TYPE) {
                        found.put(new Position(partition, from), Optional.of(Instant.ofEpochMilli(record.timestamp())));
                    }
                }
            }
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "sparks-lag-exporter",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 64 * 1024,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100,
                // Bounds every blocking call (end offsets, positions) when the broker does not answer.
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
