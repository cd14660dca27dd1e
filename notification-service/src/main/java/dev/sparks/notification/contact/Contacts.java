package dev.sparks.notification.contact;

import static dev.sparks.notification.persistence.jooq.Tables.CONTACT;

import dev.sparks.schemas.subscription.SubscriptionStateChanged;
import java.time.ZoneOffset;
import java.util.Optional;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The customers' mail addresses, kept from subscription.state.v1; a newer state always wins. */
@Service
public class Contacts {

    private final DSLContext db;

    Contacts(DSLContext db) {
        this.db = db;
    }

    public record Contact(String email, String displayName) {}

    @Transactional
    public void update(SubscriptionStateChanged state) {
        var asOf = state.getOccurredAt().atOffset(ZoneOffset.UTC);
        db.insertInto(CONTACT)
                .set(CONTACT.CUSTOMER_ID, state.getCustomerId())
                .set(CONTACT.EMAIL, state.getEmail())
                .set(CONTACT.DISPLAY_NAME, state.getDisplayName())
                .set(CONTACT.AS_OF, asOf)
                .onConflict(CONTACT.CUSTOMER_ID)
                .doUpdate()
                .set(CONTACT.EMAIL, state.getEmail())
                .set(CONTACT.DISPLAY_NAME, state.getDisplayName())
                .set(CONTACT.AS_OF, asOf)
                .where(CONTACT.AS_OF.le(asOf))
                .execute();
    }

    @Transactional(readOnly = true)
    public Optional<Contact> of(String customerId) {
        return db.selectFrom(CONTACT)
                .where(CONTACT.CUSTOMER_ID.eq(customerId), CONTACT.EMAIL.isNotNull())
                .fetchOptional(row -> new Contact(row.getEmail(), row.getDisplayName()));
    }
}
