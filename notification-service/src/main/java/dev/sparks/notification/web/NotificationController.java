package dev.sparks.notification.web;

import static dev.sparks.notification.persistence.jooq.Tables.SENT_NOTIFICATION;

import java.time.OffsetDateTime;
import java.util.List;
import org.jooq.DSLContext;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class NotificationController {

    private final DSLContext db;

    NotificationController(DSLContext db) {
        this.db = db;
    }

    record Sent(String reference, String channel, String recipient, String subject, String body, OffsetDateTime sentAt) {}

    @GetMapping("/v1/notifications")
    @Transactional(readOnly = true)
    List<Sent> sent(@RequestParam("customer_id") String customerId) {
        return db.selectFrom(SENT_NOTIFICATION)
                .where(SENT_NOTIFICATION.CUSTOMER_ID.eq(customerId))
                .orderBy(SENT_NOTIFICATION.SENT_AT)
                .fetch(row -> new Sent(row.getReference(), row.getChannel(), row.getRecipient(), row.getSubject(),
                        row.getBody(), row.getSentAt()));
    }
}
