package dev.sparks.invoicing.messaging;

import dev.sparks.invoicing.payment.PaymentLedger;
import dev.sparks.invoicing.ratecard.RateCards;
import dev.sparks.invoicing.reconciliation.IngestedUsage;
import dev.sparks.invoicing.reconciliation.UnbilledIngest;
import dev.sparks.invoicing.subscription.SubscriptionHistory;
import dev.sparks.invoicing.usage.UsageLedger;
import dev.sparks.platform.messaging.StageListeners;
import dev.sparks.schemas.topic.Topics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.transaction.support.TransactionTemplate;

/** What invoicing consumes; each record's effect commits with the claim of its event id. */
@Configuration(proxyBeanMethods = false)
class InvoicingStages {

    /** usage.rated.v1 → the usage ledger. */
    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> usageLedgerListener(StageListeners stages,
            TransactionTemplate transactions, UsageLedger ledger) {
        return stages.idempotentStage("invoicing-usage-ledger", Topics.USAGE_RATED, Topics.INVOICING_DEAD_LETTERS,
                transactions, rated -> ledger.record(rated.value()));
    }

    /** usage.raw.v1 → what was ingested, for reconciliation. */
    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> ingestedUsageListener(StageListeners stages,
            TransactionTemplate transactions, IngestedUsage ingested) {
        return stages.idempotentStage("invoicing-ingested-usage", Topics.USAGE_RAW, Topics.INVOICING_DEAD_LETTERS,
                transactions, raw -> ingested.record(raw.value()));
    }

    /** ingest.dead-letter.v1 → usage ingestion received but could not publish, for reconciliation. */
    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> unbilledIngestListener(StageListeners stages,
            TransactionTemplate transactions, UnbilledIngest unbilled) {
        return stages.idempotentStage("invoicing-unbilled-ingest", Topics.INGEST_DEAD_LETTERS, Topics.INVOICING_DEAD_LETTERS,
                transactions, letter -> unbilled.record(letter.value()));
    }

    /** subscription.state.v1 → the subscription history and billing accounts. */
    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> subscriptionHistoryListener(StageListeners stages,
            TransactionTemplate transactions, SubscriptionHistory history) {
        return stages.idempotentStage("invoicing-subscription-history", Topics.SUBSCRIPTION_STATE,
                Topics.INVOICING_DEAD_LETTERS, transactions, state -> history.record(state.value()));
    }

    /** rating.rate-cards.v1 → Spark rate and volume discount per period. */
    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> rateCardListener(StageListeners stages,
            TransactionTemplate transactions, RateCards cards) {
        return stages.idempotentStage("invoicing-rate-cards", Topics.RATE_CARDS, Topics.INVOICING_DEAD_LETTERS,
                transactions, card -> cards.record(card.value()));
    }

    /** payment.events.v1 → the invoice paid, kept open, uncollectible or disputed, and the payment's history. */
    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> paymentListener(StageListeners stages,
            TransactionTemplate transactions, PaymentLedger payments) {
        return stages.idempotentStage("invoicing-payments", Topics.PAYMENT_EVENTS, Topics.INVOICING_DEAD_LETTERS,
                transactions, payment -> payments.record(payment.value()));
    }
}
