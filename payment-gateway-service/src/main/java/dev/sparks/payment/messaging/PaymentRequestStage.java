package dev.sparks.payment.messaging;

import dev.sparks.payment.charge.Refunds;
import dev.sparks.payment.request.PaymentRequests;
import dev.sparks.platform.messaging.StageListeners;
import dev.sparks.schemas.invoice.InvoiceEventType;
import dev.sparks.schemas.topic.Topics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * invoice.events.v1: a finalized invoice → a payment request and its first attempt, once per
 * invoice; a credit note on a paid invoice ({@code refund_minor} > 0) → a refund, once per credit note.
 */
@Configuration(proxyBeanMethods = false)
class PaymentRequestStage {

    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> paymentRequestListener(StageListeners stages,
            TransactionTemplate transactions, PaymentRequests requests, Refunds refunds) {
        return stages.idempotentStage("payment-requests", Topics.INVOICE_EVENTS, Topics.PAYMENT_DEAD_LETTERS,
                transactions, invoice -> {
                    if (invoice.value().getType() == InvoiceEventType.FINALIZED) {
                        requests.requestPaymentFor(invoice.value());
                    } else if (invoice.value().getType() == InvoiceEventType.CREDIT_NOTE_ISSUED
                            && invoice.value().getRefundMinor() > 0) {
                        refunds.requestFor(invoice.value());
                    }
                });
    }
}
