package dev.sparks.ingest.livekit;

import static dev.sparks.ingest.persistence.jooq.Tables.LIVEKIT_ROOM;
import static dev.sparks.ingest.persistence.jooq.Tables.LIVEKIT_SESSION;
import static dev.sparks.ingest.persistence.jooq.Tables.LIVEKIT_WEBHOOK;

import dev.sparks.ingest.persistence.jooq.tables.records.LivekitSessionRecord;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/** The open-session state kept in the service's database; every method runs in the caller's transaction. */
public class LiveKitLedger {

    private final DSLContext db;

    public LiveKitLedger(DSLContext db) {
        this.db = db;
    }

    /** Records a delivery by LiveKit's event id; false when it was applied before. */
    public boolean firstDelivery(String eventId, String event) {
        return db.insertInto(LIVEKIT_WEBHOOK)
                .set(LIVEKIT_WEBHOOK.EVENT_ID, eventId)
                .set(LIVEKIT_WEBHOOK.EVENT, event)
                .onConflictDoNothing()
                .execute() == 1;
    }

    /** Remembers a room's customer (a known customer is never replaced by an unknown one). */
    public void room(String roomName, String roomSid, Optional<String> customerId, Instant startedAt) {
        db.insertInto(LIVEKIT_ROOM)
                .set(LIVEKIT_ROOM.ROOM_NAME, roomName)
                .set(LIVEKIT_ROOM.ROOM_SID, roomSid)
                .set(LIVEKIT_ROOM.CUSTOMER_ID, customerId.orElse(null))
                .set(LIVEKIT_ROOM.STARTED_AT, utc(startedAt))
                .onConflict(LIVEKIT_ROOM.ROOM_NAME)
                .doUpdate()
                .set(LIVEKIT_ROOM.ROOM_SID, roomSid)
                .set(LIVEKIT_ROOM.CUSTOMER_ID, customerId.isPresent()
                        ? org.jooq.impl.DSL.val(customerId.get())
                        : LIVEKIT_ROOM.CUSTOMER_ID)
                .execute();
    }

    public Optional<String> roomCustomer(String roomName) {
        return Optional.ofNullable(db.select(LIVEKIT_ROOM.CUSTOMER_ID).from(LIVEKIT_ROOM)
                .where(LIVEKIT_ROOM.ROOM_NAME.eq(roomName)).fetchOne(LIVEKIT_ROOM.CUSTOMER_ID));
    }

    public void roomFinished(String roomName, Instant finishedAt) {
        db.update(LIVEKIT_ROOM).set(LIVEKIT_ROOM.FINISHED_AT, utc(finishedAt))
                .where(LIVEKIT_ROOM.ROOM_NAME.eq(roomName)).execute();
    }

    /** Opens a session; a session seen before (even one already closed by a late-arriving leave) is kept. */
    public void open(Session session) {
        db.insertInto(LIVEKIT_SESSION)
                .set(LIVEKIT_SESSION.ROOM_NAME, session.roomName())
                .set(LIVEKIT_SESSION.PARTICIPANT_SID, session.participantSid())
                .set(LIVEKIT_SESSION.IDENTITY, session.identity())
                .set(LIVEKIT_SESSION.KIND, session.kind())
                .set(LIVEKIT_SESSION.CUSTOMER_ID, session.customerId().orElse(null))
                .set(LIVEKIT_SESSION.JOINED_AT, utc(session.joinedAt()))
                .onConflictDoNothing()
                .execute();
    }

    public Optional<Session> find(String roomName, String participantSid) {
        return Optional.ofNullable(db.selectFrom(LIVEKIT_SESSION)
                .where(LIVEKIT_SESSION.ROOM_NAME.eq(roomName).and(LIVEKIT_SESSION.PARTICIPANT_SID.eq(participantSid)))
                .forUpdate()
                .fetchOne()).map(LiveKitLedger::toSession);
    }

    public List<Session> openSessions(String roomName) {
        return db.selectFrom(LIVEKIT_SESSION)
                .where(LIVEKIT_SESSION.ROOM_NAME.eq(roomName).and(LIVEKIT_SESSION.LEFT_AT.isNull()))
                .orderBy(LIVEKIT_SESSION.JOINED_AT, LIVEKIT_SESSION.PARTICIPANT_SID)
                .forUpdate()
                .fetch(LiveKitLedger::toSession);
    }

    public void close(Session session, Instant leftAt) {
        db.update(LIVEKIT_SESSION)
                .set(LIVEKIT_SESSION.LEFT_AT, utc(leftAt))
                .where(LIVEKIT_SESSION.ROOM_NAME.eq(session.roomName())
                        .and(LIVEKIT_SESSION.PARTICIPANT_SID.eq(session.participantSid()))
                        .and(LIVEKIT_SESSION.LEFT_AT.isNull()))
                .execute();
    }

    private static Session toSession(LivekitSessionRecord row) {
        return new Session(row.getRoomName(), row.getParticipantSid(), row.getIdentity(), row.getKind(),
                Optional.ofNullable(row.getCustomerId()), row.getJoinedAt().toInstant(),
                Optional.ofNullable(row.getLeftAt()).map(OffsetDateTime::toInstant));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /** One participant's stay in a room. */
    public record Session(
            String roomName, String participantSid, String identity, String kind, Optional<String> customerId,
            Instant joinedAt, Optional<Instant> leftAt) {

        public boolean open() {
            return leftAt.isEmpty();
        }
    }
}
