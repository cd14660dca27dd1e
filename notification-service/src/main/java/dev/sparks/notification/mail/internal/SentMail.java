package dev.sparks.notification.mail.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * A mail SMTP accepted, as it was sent. Its id derives from the reference, so the SENT event of a
 * reference has one id however often it is announced.
 */
record SentMail(UUID notificationId, String recipient, String body, Instant sentAt) {

    static final String CHANNEL = "email";

    static UUID idOf(String reference) {
        return UUID.nameUUIDFromBytes(reference.getBytes(StandardCharsets.UTF_8));
    }
}
