package dev.sparks.notification.mail.internal;

import dev.sparks.notification.persistence.jooq.tables.records.MailQueueRecord;
import dev.sparks.platform.config.PlatformProperties;
import dev.sparks.platform.outbox.Outbox;
import dev.sparks.schemas.deadletter.DeadLetter;
import dev.sparks.schemas.notification.NotificationEvent;
import dev.sparks.schemas.notification.NotificationEventType;
import dev.sparks.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** What the sender tells the world, through the outbox so it is said if and only if the state change commits. */
@Component
class MailAnnouncements {

    private final Outbox outbox;
    private final String producer;

    MailAnnouncements(Outbox outbox, PlatformProperties platform) {
        this.outbox = outbox;
        this.producer = platform.serviceName();
    }

    /** notification.events.v1 SENT. */
    void sent(MailQueueRecord mail, SentMail sent) {
        NotificationEvent event = NotificationEvent.newBuilder()
                .setEventId(sent.notificationId().toString())
                .setOccurredAt(sent.sentAt())
                .setCustomerId(mail.getCustomerId())
                .setProducer(producer)
                .setType(NotificationEventType.SENT)
                .setChannel(SentMail.CHANNEL)
                .setRecipient(sent.recipient())
                .setSubject(mail.getSubject())
                .setReference(mail.getReference())
                .build();
        outbox.append(Topics.NOTIFICATION_EVENTS, mail.getCustomerId(), event.getEventId(), event);
    }

    /**
     * A dead letter naming the record the mail was queued for. It carries no original bytes: the
     * mail itself stays in mail_queue (failed), and a re-drive sends it from there.
     */
    void refused(MailQueueRecord mail, int attempt, String reason, Instant now) {
        // A re-driven mail may be refused again: each refusal is a letter of its own.
        String identity = "mail|" + mail.getReference() + "|" + attempt + "|" + now.toEpochMilli();
        DeadLetter letter = DeadLetter.newBuilder()
                .setEventId(UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8)).toString())
                .setOccurredAt(now)
                .setCustomerId(mail.getCustomerId())
                .setProducer(producer + "/mail-sender")
                .setSourceTopic(mail.getSourceTopic())
                .setSourcePartition(mail.getSourcePartition())
                .setSourceOffset(mail.getSourceOffset())
                .setOriginalEventId(mail.getSourceEventId())
                .setReason("Mail " + mail.getReference() + " refused: " + reason)
                .build();
        outbox.append(Topics.NOTIFICATION_DEAD_LETTERS, mail.getCustomerId(), letter.getEventId(), letter);
    }
}
