package dev.sparks.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.platform.testing.EmbeddedInfrastructure;
import dev.sparks.platform.testing.TestEvents;
import dev.sparks.platform.testing.TopicReader;
import dev.sparks.schemas.deadletter.DeadLetter;
import dev.sparks.schemas.serde.SerdeFactory;
import dev.sparks.schemas.topic.Topic;
import dev.sparks.schemas.usage.RawUsageEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.transaction.KafkaTransactionManager;

/** A Kafka-to-Kafka batch stage whose handler throws: nothing is retried for ever, nothing is skipped. */
class TransactionalBatchStageTest {

    private static final Topic<String, RawUsageEvent> IN =
            new Topic<>("platform-test.batch-stage.in", String.class, RawUsageEvent.class, 1, Topic.Cleanup.DELETE);
    private static final Topic<String, RawUsageEvent> OUT =
            new Topic<>("platform-test.batch-stage.out", String.class, RawUsageEvent.class, 1, Topic.Cleanup.DELETE);
    private static final Topic<String, DeadLetter> DEAD_LETTERS =
            new Topic<>("platform-test.batch-stage.dead-letter", String.class, DeadLetter.class, 1, Topic.Cleanup.DELETE);
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final String bootstrap = EmbeddedInfrastructure.kafka().bootstrapServers();
    private final KafkaClients clients = new KafkaClients(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
            new SimpleMeterRegistry());
    private final SerdeFactory serdes = SerdeFactory.singleObjectEncoding();
    private final TopicPublisher plain = new TopicPublisher(new KafkaTemplate<>(clients.producerFactory()), serdes);

    @BeforeAll
    static void topics() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                EmbeddedInfrastructure.kafka().bootstrapServers()))) {
            for (Topic<?, ?> topic : List.of(IN, OUT, DEAD_LETTERS)) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic.name(), 1, (short) 1))).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }

    @Test
    void aRecordThatFailsForGoodIsDeadLetteredWithItsReasonAndTheRestOfItsBatchPasses() {
        String customer = "batch-" + UUID.randomUUID();
        RawUsageEvent before = TestEvents.raw(customer, "compute_minutes", "1");
        RawUsageEvent poison = TestEvents.raw(customer, "poison", "2");
        RawUsageEvent after = TestEvents.raw(customer, "compute_minutes", "3");
        // Given a handler that throws a non-retryable exception for any batch holding the poison record
        ConcurrentMessageListenerContainer<String, byte[]> stage = stage(batch -> {
            if (batch.stream().anyMatch(record -> record.value().getMetric().equals("poison"))) {
                throw new IllegalArgumentException("cannot rate metric 'poison'");
            }
            return Map.of();
        });
        try {
            // When the three records arrive together
            List.of(before, poison, after).forEach(event -> plain.send(IN, customer, event).join());

            // Then the good ones pass once and the poison record is dead-lettered with the reason
            List<RawUsageEvent> passed = TopicReader.read(OUT, event -> event.getCustomerId().equals(customer), 2, WAIT);
            List<DeadLetter> letters = TopicReader.read(DEAD_LETTERS, letter -> customer.equals(letter.getCustomerId()), 1, WAIT);
            assertThat(passed).extracting(RawUsageEvent::getEventId).containsExactly(before.getEventId(), after.getEventId());
            assertNothingMore(customer, 2, 1);
            assertThat(letters).singleElement().satisfies(letter -> {
                assertThat(letter.getOriginalEventId()).isEqualTo(poison.getEventId());
                assertThat(letter.getReason()).contains("IllegalArgumentException").contains("cannot rate metric 'poison'");
            });
        } finally {
            stage.stop();
        }
    }

    @Test
    void aTransientFailureIsRetriedAndNothingIsDeadLettered() {
        String customer = "transient-" + UUID.randomUUID();
        RawUsageEvent first = TestEvents.raw(customer, "compute_minutes", "1");
        RawUsageEvent second = TestEvents.raw(customer, "compute_minutes", "2");
        AtomicInteger failures = new AtomicInteger(2);
        ConcurrentMessageListenerContainer<String, byte[]> stage = stage(batch -> {
            if (batch.stream().anyMatch(record -> record.value().getCustomerId().equals(customer))
                    && failures.getAndDecrement() > 0) {
                throw new IllegalStateException("database unavailable");
            }
            return Map.of();
        });
        try {
            List.of(first, second).forEach(event -> plain.send(IN, customer, event).join());

            List<RawUsageEvent> passed = TopicReader.read(OUT, event -> event.getCustomerId().equals(customer), 2, WAIT);
            assertThat(passed).extracting(RawUsageEvent::getEventId).containsExactly(first.getEventId(), second.getEventId());
            assertNothingMore(customer, 2, 0);
        } finally {
            stage.stop();
        }
    }

    /** No record passed twice, no further dead letter: reads a little longer for one more of each. */
    private static void assertNothingMore(String customer, int passed, int letters) {
        Duration extra = Duration.ofSeconds(3);
        assertThat(TopicReader.read(OUT, event -> event.getCustomerId().equals(customer), passed + 1, extra)).hasSize(passed);
        assertThat(TopicReader.read(DEAD_LETTERS, letter -> customer.equals(letter.getCustomerId()), letters + 1, extra))
                .hasSize(letters);
    }

    /** A stage that forwards every record of a batch the handler accepted to OUT, in the stage's transaction. */
    private ConcurrentMessageListenerContainer<String, byte[]> stage(
            Function<List<ConsumedRecord<RawUsageEvent>>, Map<Integer, String>> check) {
        String group = "batch-stage-" + UUID.randomUUID();
        ProducerFactory<String, byte[]> producers = clients.transactionalProducerFactory(group + "-", 1);
        TopicPublisher transactional = new TopicPublisher(new KafkaTemplate<>(producers), serdes);
        StageListeners stages = new StageListeners(clients.consumerFactory(), serdes, null, plain, "platform-test", 1,
                Clock.systemUTC(), new PipelineMeters(new SimpleMeterRegistry()));
        ConcurrentMessageListenerContainer<String, byte[]> container = stages.transactionalBatchStage(group, IN, DEAD_LETTERS,
                new KafkaTransactionManager<>(producers), transactional, batch -> {
                    Map<Integer, String> rejected = new HashMap<>(check.apply(batch));
                    for (int i = 0; i < batch.size(); i++) {
                        if (!rejected.containsKey(i)) {
                            transactional.send(OUT, batch.get(i).key(), batch.get(i).value());
                        }
                    }
                    return rejected;
                });
        container.start();
        return container;
    }
}
