package dev.sparks.notification.mail.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * What became of the mails handed to SMTP, as Prometheus sees it: {@code sparks_mails_sent_total},
 * {@code sparks_mails_failed_total{kind=transient|permanent}} (a transient one counts every failed
 * attempt) and {@code sparks_notifications_dropped_total{reason=no_address}}.
 */
@Component
class DeliveryMetrics {

    private final Counter sent;
    private final Counter transientFailures;
    private final Counter permanentFailures;
    private final Counter droppedForNoAddress;

    DeliveryMetrics(MeterRegistry meters) {
        this.sent = meters.counter("sparks.mails.sent");
        this.transientFailures = meters.counter("sparks.mails.failed", "kind", "transient");
        this.permanentFailures = meters.counter("sparks.mails.failed", "kind", "permanent");
        this.droppedForNoAddress = meters.counter("sparks.notifications.dropped", "reason", "no_address");
    }

    void sent() {
        sent.increment();
    }

    void failed(SmtpFailure failure) {
        (failure.permanent() ? permanentFailures : transientFailures).increment();
    }

    void droppedForNoAddress(int mails) {
        droppedForNoAddress.increment(mails);
    }
}
