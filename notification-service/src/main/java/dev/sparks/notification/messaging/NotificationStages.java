package dev.sparks.notification.messaging;

import dev.sparks.notification.contact.Contacts;
import dev.sparks.notification.invoice.InvoiceReadyNotifier;
import dev.sparks.notification.mail.MailQueue;
import dev.sparks.notification.notice.SubscriptionNoticeNotifier;
import dev.sparks.notification.payment.PaymentNotifier;
import dev.sparks.platform.messaging.StageListeners;
import dev.sparks.schemas.invoice.InvoiceEventType;
import dev.sparks.schemas.topic.Topics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class NotificationStages {

    /**
     * subscription.state.v1 → contacts, releasing the mails that waited for the customer's address
     * in the same transaction (here rather than in Contacts, so contacts need not know about mail),
     * and the mail of a subscription that dunning paused or canceled.
     */
    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> contactListener(StageListeners stages,
            TransactionTemplate transactions, Contacts contacts, MailQueue mails, PaymentNotifier payments) {
        return stages.idempotentStage("notification-contacts", Topics.SUBSCRIPTION_STATE,
                Topics.NOTIFICATION_DEAD_LETTERS, transactions, state -> {
                    contacts.update(state.value());
                    mails.addressChanged(state.value().getCustomerId());
                    payments.subscriptionChanged(state);
                });
    }

    /** payment.events.v1 → failed payment, confirmation needed, final failure and refund mails, queued. */
    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> paymentListener(StageListeners stages,
            TransactionTemplate transactions, PaymentNotifier notifier) {
        return stages.idempotentStage("notification-payments", Topics.PAYMENT_EVENTS,
                Topics.NOTIFICATION_DEAD_LETTERS, transactions, notifier::paymentEvent);
    }

    /** invoice.events.v1 (finalized) → "your invoice is ready" mail, queued. */
    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> invoiceReadyListener(StageListeners stages,
            TransactionTemplate transactions, InvoiceReadyNotifier notifier) {
        return stages.idempotentStage("notification-invoice-ready", Topics.INVOICE_EVENTS,
                Topics.NOTIFICATION_DEAD_LETTERS, transactions, invoice -> {
                    if (invoice.value().getType() == InvoiceEventType.FINALIZED) {
                        notifier.invoiceFinalized(invoice);
                    }
                });
    }

    /** subscription.notices.v1 → trial, threshold and spike mails, queued. */
    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> subscriptionNoticeListener(StageListeners stages,
            TransactionTemplate transactions, SubscriptionNoticeNotifier notifier) {
        return stages.idempotentStage("notification-subscription-notices", Topics.SUBSCRIPTION_NOTICES,
                Topics.NOTIFICATION_DEAD_LETTERS, transactions, notifier::noticed);
    }
}
