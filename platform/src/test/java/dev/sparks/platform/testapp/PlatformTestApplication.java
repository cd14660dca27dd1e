package dev.sparks.platform.testapp;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.table;

import dev.sparks.platform.messaging.RecordRejectedException;
import dev.sparks.platform.messaging.StageListeners;
import dev.sparks.schemas.topic.Topics;
import org.jooq.DSLContext;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.transaction.support.TransactionTemplate;

/** A minimal service for testing the platform as services use it: one idempotent stage. */
@SpringBootApplication
public class PlatformTestApplication {

    public static final String POISON_METRIC = "poison";
    /** Metrics whose effect fails in a way Spring Kafka's error handler would not retry. */
    public static final String CLASS_CAST_METRIC = "class-cast";
    public static final String ILLEGAL_ARGUMENT_METRIC = "illegal-argument";

    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> testStage(StageListeners stages, TransactionTemplate transactions,
            DSLContext db) {
        return stages.idempotentStage("platform-test", Topics.USAGE_RAW, Topics.RATING_DEAD_LETTERS, transactions,
                record -> {
                    db.insertInto(table("test_effect"))
                            .columns(field("event_id"), field("customer_id"), field("metric"))
                            .values(record.value().getEventId(), record.value().getCustomerId(), record.value().getMetric())
                            .execute();
                    switch (record.value().getMetric()) {
                        case POISON_METRIC -> throw new RecordRejectedException("metric 'poison' cannot be processed");
                        case CLASS_CAST_METRIC -> throw new ClassCastException("the effect met a class it did not expect");
                        case ILLEGAL_ARGUMENT_METRIC -> throw new IllegalArgumentException("the effect met a bad value");
                        default -> { }
                    }
                });
    }
}
