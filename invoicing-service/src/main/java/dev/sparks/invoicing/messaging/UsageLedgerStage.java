package dev.sparks.invoicing.messaging;

import dev.sparks.invoicing.usage.UsageLedger;
import dev.sparks.platform.messaging.StageListeners;
import dev.sparks.schemas.topic.Topics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.transaction.support.TransactionTemplate;

/** usage.rated.v1 → the usage ledger, once per rated event. */
@Configuration(proxyBeanMethods = false)
class UsageLedgerStage {

    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> usageLedgerListener(StageListeners stages,
            TransactionTemplate transactions, UsageLedger ledger) {
        return stages.idempotentStage("invoicing-usage-ledger", Topics.USAGE_RATED, Topics.INVOICING_DEAD_LETTERS,
                transactions, rated -> ledger.record(rated.value()));
    }
}
