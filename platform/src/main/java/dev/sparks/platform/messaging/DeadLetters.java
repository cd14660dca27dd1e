package dev.sparks.platform.messaging;

import dev.sparks.schemas.deadletter.DeadLetter;
import dev.sparks.schemas.topic.Topic;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds and sends the dead letter for a record a stage gave up on, with its reason and bytes. */
public class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final String stage;
    private final String group;
    private final Clock clock;
    private final PipelineMeters meters;

    /** {@code stage} names the writer in each letter ({@code service/group}); {@code group} tags the counter. */
    public DeadLetters(String stage, String group, Clock clock, PipelineMeters meters) {
        this.stage = stage;
        this.group = group;
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * Sends and waits for the acknowledgement, so the source offset is committed only afterwards.
     * Inside a Kafka transaction the send joins it and the wait returns at once. {@code kind} is
     * the reason's kind, a short fixed word for the counter; {@code reason} is the letter's text.
     */
    public void send(TopicPublisher publisher, Topic<String, DeadLetter> topic, ConsumerRecord<String, byte[]> record,
            String originalEventId, String kind, String reason) {
        DeadLetter letter = of(record, originalEventId, reason);
        log.warn("Dead-lettering {}-{}@{} to {}: {}", record.topic(), record.partition(), record.offset(), topic, reason);
        publisher.send(topic, record.key() == null ? "" : record.key(), letter).join();
        meters.deadLettered(group, topic.name(), kind);
    }

    DeadLetter of(ConsumerRecord<String, byte[]> record, String originalEventId, String reason) {
        String coordinates = stage + "|" + record.topic() + "|" + record.partition() + "|" + record.offset();
        return DeadLetter.newBuilder()
                .setEventId(UUID.nameUUIDFromBytes(coordinates.getBytes(StandardCharsets.UTF_8)).toString())
                .setOccurredAt(clock.instant())
                .setCustomerId(record.key())
                .setProducer(stage)
                .setSourceTopic(record.topic())
                .setSourcePartition(record.partition())
                .setSourceOffset(record.offset())
                .setOriginalEventId(originalEventId)
                .setReason(reason)
                .setOriginalKey(record.key() == null ? null : ByteBuffer.wrap(record.key().getBytes(StandardCharsets.UTF_8)))
                .setOriginalValue(record.value() == null ? null : ByteBuffer.wrap(record.value()))
                .build();
    }
}
