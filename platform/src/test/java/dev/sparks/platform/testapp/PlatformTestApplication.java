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

    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> testStage(StageListeners stages, TransactionTemplate transactions,
            DSLContext db) {
        return stages.idempotentStage("platform-test", Topics.USAGE_RAW, Topics.RATING_DEAD_LETTERS, transactions,
                record -> {
                    db.insertInto(table("test_effect"))
                            .columns(field("event_id"), field("customer_id"), field("metric"))
                            .values(record.value().getEventId(), record.value().getCustomerId(), record.value().getMetric())
                            .execute();
                    if (record.value().getMetric().equals(POISON_METRIC)) {
                        throw new RecordRejectedException("metric 'poison' cannot be processed");
                    }
                });
    }
}
