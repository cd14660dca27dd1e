package dev.sparks.ingest.langfuse;

import static dev.sparks.ingest.persistence.jooq.Tables.ACCEPTED_EVENT;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.jooq.DSLContext;

/**
 * The fast-path record of event ids already on {@code usage.raw.v1} ({@code accepted_event}). Ids
 * are written only after the Kafka transaction committed, so an id found here is durably
 * published and may be skipped; an id missing here (crash after the commit) is simply published
 * again with the same id and removed downstream.
 */
class PublishedEvents {

    private final DSLContext db;

    PublishedEvents(DSLContext db) {
        this.db = db;
    }

    Set<String> alreadyPublished(Collection<String> eventIds) {
        if (eventIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(db.select(ACCEPTED_EVENT.EVENT_ID).from(ACCEPTED_EVENT)
                .where(ACCEPTED_EVENT.EVENT_ID.in(eventIds)).fetch(ACCEPTED_EVENT.EVENT_ID));
    }

    void recordPublished(Collection<String> eventIds) {
        if (eventIds.isEmpty()) {
            return;
        }
        var insert = db.insertInto(ACCEPTED_EVENT, ACCEPTED_EVENT.EVENT_ID, ACCEPTED_EVENT.SOURCE);
        for (String id : eventIds) {
            insert = insert.values(id, ObservationConverter.SOURCE);
        }
        insert.onConflictDoNothing().execute();
    }
}
