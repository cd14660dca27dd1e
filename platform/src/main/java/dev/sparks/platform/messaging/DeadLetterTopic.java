package dev.sparks.platform.messaging;

import dev.sparks.schemas.deadletter.DeadLetter;
import dev.sparks.schemas.serde.SerdeFactory;
import dev.sparks.schemas.topic.Topic;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * A service's dead-letter topic as its re-drive sees it: every letter written so far, and the way
 * back for one of them, its original key and bytes sent again to a topic of the caller's choice.
 * Which letters deserve it, and the record that it was done, are the re-drive's own.
 */
public final class DeadLetterTopic {

    private final Topic<String, DeadLetter> topic;
    private final ConsumerFactory<String, byte[]> consumers;
    private final SerdeFactory serdes;

    public DeadLetterTopic(Topic<String, DeadLetter> topic, ConsumerFactory<String, byte[]> consumers, SerdeFactory serdes) {
        this.topic = topic;
        this.consumers = consumers;
        this.serdes = serdes;
    }

    /** Every committed dead letter up to the end offsets seen when the read started. */
    public List<DeadLetter> readAll(String groupId) {
        List<DeadLetter> letters = new ArrayList<>();
        var deserializer = serdes.valueSerde(topic).deserializer();
        try (Consumer<String, byte[]> consumer = consumers.createConsumer(groupId, "redrive")) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    letters.add(deserializer.deserialize(record.topic(), record.value()));
                }
            }
        }
        return letters;
    }

    /** Sends the letter's original record to {@code target} and waits for Kafka's acknowledgement. */
    public static void resend(KafkaTemplate<String, byte[]> kafka, DeadLetter letter, String target) {
        String key = letter.getOriginalKey() == null ? null : new String(bytes(letter.getOriginalKey()), StandardCharsets.UTF_8);
        kafka.send(target, key, bytes(letter.getOriginalValue())).join();
    }

    public static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
