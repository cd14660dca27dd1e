package dev.sparks.platform.messaging;

import dev.sparks.platform.idempotency.ProcessedEvents;
import dev.sparks.schemas.deadletter.DeadLetter;
import dev.sparks.schemas.serde.SerdeFactory;
import dev.sparks.schemas.topic.Topic;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.transaction.KafkaAwareTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Builds the listener container of a consuming stage. Every stage gets the same guarantees:
 * a record that cannot be decoded, is rejected by the handler or fails in a way retrying cannot
 * fix ({@link StageFailures}) goes to the stage's dead-letter topic with its reason and is never
 * retried; any other failure is retried with backoff and never skipped, so nothing is silently
 * dropped and a poison record never blocks its partition.
 *
 * <p>The listeners dead-letter such failures themselves, record by record. Left to the container,
 * a batch listener's non-retryable exception goes to Spring Kafka's fallback batch handler, which
 * hands the whole polled batch to its recoverer, by default a log line: every record of the batch,
 * good ones included, would be skipped. The error handler's recoverer therefore dead-letters too,
 * as a last resort for anything that still escapes.
 */
public class StageListeners {

    private final ConsumerFactory<String, byte[]> consumers;
    private final SerdeFactory serdes;
    private final ProcessedEvents processedEvents;
    private final TopicPublisher deadLetterPublisher;
    private final String serviceName;
    private final int concurrency;
    private final Clock clock;
    private final PipelineMeters meters;

    public StageListeners(ConsumerFactory<String, byte[]> consumers, SerdeFactory serdes,
            ProcessedEvents processedEvents, TopicPublisher deadLetterPublisher, String serviceName,
            int concurrency, Clock clock, PipelineMeters meters) {
        this.consumers = consumers;
        this.serdes = serdes;
        this.processedEvents = processedEvents;
        this.deadLetterPublisher = deadLetterPublisher;
        this.serviceName = serviceName;
        this.concurrency = concurrency;
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * A stage whose effect is a database change. Each record's effect commits in the same database
     * transaction as the claim of its {@code event_id} under {@code consumerName}, so a redelivered
     * record has no second effect. A polled batch is applied in one transaction (one commit for
     * up to {@code max.poll.records} events); if a record of it fails for good, the batch is rolled
     * back and applied again record by record, so only that record is dead-lettered. A transient
     * failure met there stops at its record: the ones before it stay applied and the error handler
     * retries from it.
     */
    public <V extends SpecificRecord> ConcurrentMessageListenerContainer<String, byte[]> idempotentStage(
            String consumerName, Topic<String, V> source, Topic<String, DeadLetter> deadLetterTopic,
            TransactionTemplate transactions, Consumer<ConsumedRecord<V>> effect) {
        DeadLetters deadLetters = deadLetters(consumerName);
        BatchMessageListener<String, byte[]> listener = records -> {
            List<Decoded<V>> batch = new ArrayList<>(records.size());
            for (ConsumerRecord<String, byte[]> record : records) {
                V value = decodeOrDeadLetter(source, record, deadLetters, deadLetterTopic);
                if (value != null) {
                    batch.add(new Decoded<>(record, value, eventIdOf(value)));
                }
            }
            try {
                transactions.executeWithoutResult(status -> batch.forEach(decoded -> applyOnce(consumerName, decoded, effect)));
                meters.handled(consumerName, source.name(), batch.size());
            } catch (RuntimeException failedInBatch) {
                if (StageFailures.isRetryable(failedInBatch)) {
                    throw failedInBatch;
                }
                applyOneByOne(consumerName, source, batch, transactions, effect, deadLetters, deadLetterTopic);
            }
        };
        ConcurrentMessageListenerContainer<String, byte[]> container = container(consumerName, source, listener);
        container.setCommonErrorHandler(errorHandler(deadLetters, deadLetterTopic));
        return container;
    }

    private <V> void applyOneByOne(String consumerName, Topic<String, ?> source, List<Decoded<V>> batch,
            TransactionTemplate transactions, Consumer<ConsumedRecord<V>> effect, DeadLetters deadLetters,
            Topic<String, DeadLetter> deadLetterTopic) {
        for (Decoded<V> decoded : batch) {
            try {
                transactions.executeWithoutResult(status -> applyOnce(consumerName, decoded, effect));
                meters.handled(consumerName, source.name(), 1);
            } catch (RuntimeException failed) {
                if (StageFailures.isRetryable(failed)) {
                    throw new BatchListenerFailedException(StageFailures.reasonOf(failed), failed, decoded.record());
                }
                deadLetters.send(deadLetterPublisher, deadLetterTopic, decoded.record(), decoded.eventId(),
                        StageFailures.kindOf(failed), StageFailures.reasonOf(failed));
            }
        }
    }

    /**
     * Retries transient failures forever. What it classifies as not retryable it hands to a
     * recoverer that dead-letters each record, never to the default one that only logs.
     */
    private DefaultErrorHandler errorHandler(DeadLetters deadLetters, Topic<String, DeadLetter> deadLetterTopic) {
        DefaultErrorHandler handler = new DefaultErrorHandler((record, failure) -> {
            @SuppressWarnings("unchecked")
            ConsumerRecord<String, byte[]> raw = (ConsumerRecord<String, byte[]>) record;
            Throwable cause = failure instanceof ListenerExecutionFailedException && failure.getCause() != null
                    ? failure.getCause() : failure;
            deadLetters.send(deadLetterPublisher, deadLetterTopic, raw, null, StageFailures.kindOf(cause),
                    StageFailures.reasonOf(cause));
        }, retryForever());
        handler.setClassifications(StageFailures.classifications(), true);
        return handler;
    }

    private record Decoded<V>(ConsumerRecord<String, byte[]> record, V value, String eventId) {}

    private <V> void applyOnce(String consumerName, Decoded<V> decoded, Consumer<ConsumedRecord<V>> effect) {
        if (processedEvents.claim(consumerName, decoded.eventId())) {
            effect.accept(consumed(decoded.record(), decoded.value()));
        }
    }

    /**
     * A Kafka-to-Kafka stage: the handler's sends through {@code transactionalPublisher}, the dead
     * letters and the consumed offsets of a polled batch commit in one Kafka transaction (exactly once).
     * A record whose handler fails for good is dead-lettered in that transaction; sends the handler
     * made for it before failing commit with it. Any other failure aborts the transaction and the
     * batch is retried.
     */
    public <V extends SpecificRecord> ConcurrentMessageListenerContainer<String, byte[]> transactionalStage(
            String groupId, Topic<String, V> source, Topic<String, DeadLetter> deadLetterTopic,
            KafkaAwareTransactionManager<String, byte[]> kafkaTransactions, TopicPublisher transactionalPublisher,
            Consumer<ConsumedRecord<V>> handler) {
        DeadLetters deadLetters = deadLetters(groupId);
        BatchMessageListener<String, byte[]> listener = records -> {
            int handled = 0;
            for (ConsumerRecord<String, byte[]> record : records) {
                V value = decodeOrDeadLetter(source, record, deadLetters, deadLetterTopic, transactionalPublisher);
                if (value == null) {
                    continue;
                }
                try {
                    handler.accept(consumed(record, value));
                    handled++;
                } catch (RuntimeException failed) {
                    if (StageFailures.isRetryable(failed)) {
                        throw failed;
                    }
                    deadLetters.send(transactionalPublisher, deadLetterTopic, record, eventIdOf(value),
                            StageFailures.kindOf(failed), StageFailures.reasonOf(failed));
                }
            }
            meters.handled(groupId, source.name(), handled);
        };
        ConcurrentMessageListenerContainer<String, byte[]> container = container(groupId, source, listener);
        container.getContainerProperties().setKafkaAwareTransactionManager(kafkaTransactions);
        container.setAfterRollbackProcessor(new DefaultAfterRollbackProcessor<>(retryForever()));
        return container;
    }

    /**
     * Like {@link #transactionalStage}, for a handler that works on the whole polled batch (one
     * database round trip per batch instead of per record). The handler returns the positions of
     * the records it rejected, with their reasons; they are dead-lettered in the same transaction.
     * <p>
     * If the handler throws instead, a transient failure aborts the transaction and the batch is
     * retried. A failure retrying cannot fix ({@link StageFailures}) would fail every retry of the
     * batch the same way, so the batch is handed to the handler again one record at a time, in the
     * same transaction: a record that fails for good on its own is dead-lettered with the reason,
     * the others pass. The handler should throw before it sends anything: what it sent for the
     * batch before throwing commits too, and is sent again, with the same ids, by the replay.
     */
    public <V extends SpecificRecord> ConcurrentMessageListenerContainer<String, byte[]> transactionalBatchStage(
            String groupId, Topic<String, V> source, Topic<String, DeadLetter> deadLetterTopic,
            KafkaAwareTransactionManager<String, byte[]> kafkaTransactions, TopicPublisher transactionalPublisher,
            Function<List<ConsumedRecord<V>>, Map<Integer, String>> handler) {
        DeadLetters deadLetters = deadLetters(groupId);
        BatchMessageListener<String, byte[]> listener = records -> {
            List<ConsumerRecord<String, byte[]>> decodedRecords = new ArrayList<>(records.size());
            List<ConsumedRecord<V>> batch = new ArrayList<>(records.size());
            for (ConsumerRecord<String, byte[]> record : records) {
                V value = decodeOrDeadLetter(source, record, deadLetters, deadLetterTopic, transactionalPublisher);
                if (value != null) {
                    decodedRecords.add(record);
                    batch.add(consumed(record, value));
                }
            }
            if (batch.isEmpty()) {
                return;
            }
            Map<Integer, String> rejected;
            try {
                rejected = handler.apply(batch);
            } catch (RuntimeException failedInBatch) {
                if (StageFailures.isRetryable(failedInBatch)) {
                    throw failedInBatch;
                }
                rejected = oneByOne(batch, handler);
            }
            rejected.forEach((index, reason) -> deadLetters.send(transactionalPublisher, deadLetterTopic,
                    decodedRecords.get(index), eventIdOf(batch.get(index).value()), "rejected", reason));
            meters.handled(groupId, source.name(), batch.size() - rejected.size());
        };
        ConcurrentMessageListenerContainer<String, byte[]> container = container(groupId, source, listener);
        container.getContainerProperties().setKafkaAwareTransactionManager(kafkaTransactions);
        container.setAfterRollbackProcessor(new DefaultAfterRollbackProcessor<>(retryForever()));
        return container;
    }

    /** The batch handed over record by record: the rejections and failures for good, by position in the batch. */
    private static <V> Map<Integer, String> oneByOne(List<ConsumedRecord<V>> batch,
            Function<List<ConsumedRecord<V>>, Map<Integer, String>> handler) {
        Map<Integer, String> rejected = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            try {
                String reason = handler.apply(List.of(batch.get(i))).get(0);
                if (reason != null) {
                    rejected.put(i, reason);
                }
            } catch (RuntimeException failed) {
                if (StageFailures.isRetryable(failed)) {
                    throw failed;
                }
                rejected.put(i, StageFailures.reasonOf(failed));
            }
        }
        return rejected;
    }

    private <V extends SpecificRecord> V decodeOrDeadLetter(Topic<String, V> source, ConsumerRecord<String, byte[]> record,
            DeadLetters deadLetters, Topic<String, DeadLetter> deadLetterTopic) {
        return decodeOrDeadLetter(source, record, deadLetters, deadLetterTopic, deadLetterPublisher);
    }

    private <V extends SpecificRecord> V decodeOrDeadLetter(Topic<String, V> source, ConsumerRecord<String, byte[]> record,
            DeadLetters deadLetters, Topic<String, DeadLetter> deadLetterTopic, TopicPublisher publisher) {
        if (record.value() == null) {
            deadLetters.send(publisher, deadLetterTopic, record, null, "no_value", "Record has no value");
            return null;
        }
        try {
            return serdes.valueSerde(source).deserializer().deserialize(record.topic(), record.value());
        } catch (SerializationException e) {
            deadLetters.send(publisher, deadLetterTopic, record, null, "undecodable", e.getMessage());
            return null;
        }
    }

    private DeadLetters deadLetters(String group) {
        return new DeadLetters(serviceName + "/" + group, group, clock, meters);
    }

    private <V extends SpecificRecord> ConcurrentMessageListenerContainer<String, byte[]> container(
            String groupId, Topic<String, V> source, Object listener) {
        ContainerProperties properties = new ContainerProperties(source.name());
        properties.setGroupId(groupId);
        properties.setMessageListener(listener);
        properties.setObservationEnabled(false);
        ConcurrentMessageListenerContainer<String, byte[]> container =
                new ConcurrentMessageListenerContainer<>(consumers, properties);
        container.setConcurrency(Math.min(concurrency, source.partitions()));
        container.setBeanName(groupId + "-" + source.name());
        return container;
    }

    private static <V> ConsumedRecord<V> consumed(ConsumerRecord<String, byte[]> record, V value) {
        return new ConsumedRecord<>(record.key(), value, record.topic(), record.partition(), record.offset());
    }

    /** Every Sparks event has an {@code event_id}: the identity idempotency is keyed on. */
    static String eventIdOf(SpecificRecord value) {
        Schema.Field field = value.getSchema().getField("event_id");
        if (field == null) {
            throw new IllegalArgumentException(value.getSchema().getFullName() + " has no event_id");
        }
        return value.get(field.pos()).toString();
    }

    /** Transient failures (database down, broker unavailable) are retried until they pass. */
    private static ExponentialBackOff retryForever() {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(30_000);
        return backOff;
    }
}
