package dev.sparks.payment;

import dev.sparks.payment.charge.ChargeWorker;
import dev.sparks.payment.charge.PaymentJanitor;
import dev.sparks.payment.charge.Refunds;
import dev.sparks.payment.webhook.WebhookProcessor;
import dev.sparks.platform.schedule.FixedDelayTask;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The service's time-driven work; each reads what is due from the database, so restarts and instances are safe. */
@Configuration(proxyBeanMethods = false)
class PaymentTasks {

    @Bean
    FixedDelayTask chargeWorkerTask(ChargeWorker worker, PaymentProperties properties) {
        return new FixedDelayTask("payment-charges", properties.chargeInterval(), worker::runOnce);
    }

    @Bean
    FixedDelayTask refundTask(Refunds refunds, PaymentProperties properties) {
        return new FixedDelayTask("payment-refunds", properties.chargeInterval(), refunds::runOnce);
    }

    @Bean
    FixedDelayTask webhookProcessorTask(WebhookProcessor processor, PaymentProperties properties) {
        return new FixedDelayTask("stripe-webhooks", properties.webhookInterval(), processor::runOnce);
    }

    @Bean
    FixedDelayTask paymentJanitorTask(PaymentJanitor janitor, PaymentProperties properties) {
        return new FixedDelayTask("payment-janitor", properties.janitorInterval(), janitor::runOnce);
    }
}
