package dev.sparks.ingest.usage;

import static dev.sparks.ingest.persistence.jooq.Tables.ACCEPTED_EVENT;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;
import org.jooq.DSLContext;

/**
 * The event ids already on {@code usage.raw.v1}. They are recorded only after the Kafka
 * transaction that carried them committed, never before: a claim taken before publishing and left
 * behind by a failed publish would make the client's retry count zero times. The price of that
 * order is that a crash between commit and record lets a retry publish the id again, which the
 * idempotent consumers downstream absorb (docs/architecture.md, "Where duplicates are removed").
 */
public class AcceptedEvents {

    private final DSLContext db;
    private final Clock clock;

    public AcceptedEvents(DSLContext db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public Set<String> known(Collection<String> eventIds) {
        if (eventIds.isEmpty()) {
            return Set.of();
        }
        return db.select(ACCEPTED_EVENT.EVENT_ID).from(ACCEPTED_EVENT).where(ACCEPTED_EVENT.EVENT_ID.in(eventIds))
                .fetchSet(ACCEPTED_EVENT.EVENT_ID).stream().collect(Collectors.toUnmodifiableSet());
    }

    public void record(Collection<String> eventIds, String source) {
        if (eventIds.isEmpty()) {
            return;
        }
        var insert = db.insertInto(ACCEPTED_EVENT, ACCEPTED_EVENT.EVENT_ID, ACCEPTED_EVENT.SOURCE, ACCEPTED_EVENT.ACCEPTED_AT);
        var acceptedAt = clock.instant().atOffset(ZoneOffset.UTC);
        for (String eventId : eventIds) {
            insert = insert.values(eventId, source, acceptedAt);
        }
        insert.onConflictDoNothing().execute();
    }

    /** Forgets ids older than the window; returns how many. The window must exceed the 35 days a client may retry. */
    public int forgetOlderThan(Duration window) {
        return db.deleteFrom(ACCEPTED_EVENT)
                .where(ACCEPTED_EVENT.ACCEPTED_AT.lt(clock.instant().minus(window).atOffset(ZoneOffset.UTC)))
                .execute();
    }
}
