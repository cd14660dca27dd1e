package dev.sparks.notification;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sparks.notification.*}; the SMTP server itself is Spring Boot's {@code spring.mail.*}.
 *
 * @param from     the sender of every message
 * @param delivery how queued mails are sent and retried
 */
@ConfigurationProperties("sparks.notification")
public record NotificationProperties(
        @DefaultValue("Sparks Billing <billing@sparks.local>") String from,
        @DefaultValue Delivery delivery) {

    /**
     * @param sendInterval    how often the sender looks for due mails; 0 never (tests send by hand)
     * @param mailsPerRun     most mails one run sends before the run's other work (releasing and
     *                        dropping waiting mails) gets its turn
     * @param firstRetryAfter the wait after a first transient failure; it doubles per failure
     * @param maxRetryDelay   the longest wait between two attempts (before jitter shortens it)
     * @param awaitAddressFor how long a mail waits for its customer's address before it is dropped
     */
    public record Delivery(
            @DefaultValue("1s") Duration sendInterval,
            @DefaultValue("1000") int mailsPerRun,
            @DefaultValue("30s") Duration firstRetryAfter,
            @DefaultValue("1h") Duration maxRetryDelay,
            @DefaultValue("7d") Duration awaitAddressFor) {}
}
