package dev.sparks.ingest.langfuse;

import static dev.sparks.ingest.persistence.jooq.Tables.LANGFUSE_SYNC_ERROR;
import static dev.sparks.ingest.persistence.jooq.Tables.LANGFUSE_SYNC_ERROR_ATTEMPT;

import dev.sparks.ingest.persistence.jooq.tables.records.LangfuseSyncErrorRecord;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The sync-error log: observations that could not be billed, with their payload, and every retry's outcome. */
public class SyncErrors {

    public enum Status { open, resolved }

    public record Attempt(Instant attemptedAt, String outcome, String detail) {}

    public record SyncError(UUID errorId, String observationId, String traceId, JsonNode payload, String reason,
            String status, int attempts, Instant createdAt, Instant updatedAt, List<Attempt> attemptLog) {}

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(tools.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private final DSLContext db;
    private final Clock clock;

    public SyncErrors(DSLContext db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Logs (or refreshes) the error of an observation. An error already resolved stays resolved:
     * the operator's resolution wins over the same bad payload pulled again in an overlapping window.
     *
     * @return true when the observation now has an open error
     */
    boolean log(Conversion.Invalid invalid, JsonNode payload) {
        OffsetDateTime now = now();
        return db.insertInto(LANGFUSE_SYNC_ERROR)
                .set(LANGFUSE_SYNC_ERROR.ERROR_ID, UUID.randomUUID())
                .set(LANGFUSE_SYNC_ERROR.OBSERVATION_ID, invalid.observationId())
                .set(LANGFUSE_SYNC_ERROR.TRACE_ID, invalid.traceId())
                .set(LANGFUSE_SYNC_ERROR.PAYLOAD, JSONB.jsonb(JSON.writeValueAsString(payload)))
                .set(LANGFUSE_SYNC_ERROR.REASON, invalid.reason())
                .set(LANGFUSE_SYNC_ERROR.CREATED_AT, now)
                .set(LANGFUSE_SYNC_ERROR.UPDATED_AT, now)
                .onConflict(LANGFUSE_SYNC_ERROR.OBSERVATION_ID)
                .doUpdate()
                .set(LANGFUSE_SYNC_ERROR.PAYLOAD, JSONB.jsonb(JSON.writeValueAsString(payload)))
                .set(LANGFUSE_SYNC_ERROR.REASON, invalid.reason())
                .set(LANGFUSE_SYNC_ERROR.UPDATED_AT, now)
                .where(LANGFUSE_SYNC_ERROR.STATUS.eq(Status.open.name()))
                .execute() == 1;
    }

    /** Observations converted after all (their trace was fixed in Langfuse): their open errors are resolved. */
    void resolveConverted(List<String> observationIds, String detail) {
        if (observationIds.isEmpty()) {
            return;
        }
        db.selectFrom(LANGFUSE_SYNC_ERROR)
                .where(LANGFUSE_SYNC_ERROR.OBSERVATION_ID.in(observationIds))
                .and(LANGFUSE_SYNC_ERROR.STATUS.eq(Status.open.name()))
                .forUpdate()
                .fetch(LangfuseSyncErrorRecord::getErrorId)
                .forEach(errorId -> attempt(errorId, true, detail, null));
    }

    /** Records one attempt at an error: resolved when it succeeded, still open (with the new reason) when not. */
    void attempt(UUID errorId, boolean succeeded, String detail, String reason) {
        OffsetDateTime now = now();
        var update = db.update(LANGFUSE_SYNC_ERROR)
                .set(LANGFUSE_SYNC_ERROR.ATTEMPTS, LANGFUSE_SYNC_ERROR.ATTEMPTS.plus(1))
                .set(LANGFUSE_SYNC_ERROR.UPDATED_AT, now)
                .set(LANGFUSE_SYNC_ERROR.STATUS, succeeded ? Status.resolved.name() : Status.open.name());
        (reason == null ? update : update.set(LANGFUSE_SYNC_ERROR.REASON, reason))
                .where(LANGFUSE_SYNC_ERROR.ERROR_ID.eq(errorId)).execute();
        db.insertInto(LANGFUSE_SYNC_ERROR_ATTEMPT)
                .set(LANGFUSE_SYNC_ERROR_ATTEMPT.ERROR_ID, errorId)
                .set(LANGFUSE_SYNC_ERROR_ATTEMPT.ATTEMPTED_AT, now)
                .set(LANGFUSE_SYNC_ERROR_ATTEMPT.OUTCOME, succeeded ? "succeeded" : "failed")
                .set(LANGFUSE_SYNC_ERROR_ATTEMPT.DETAIL, detail)
                .execute();
    }

    public Optional<SyncError> find(UUID errorId) {
        return db.selectFrom(LANGFUSE_SYNC_ERROR).where(LANGFUSE_SYNC_ERROR.ERROR_ID.eq(errorId)).fetchOptional(row -> view(row, attempts(List.of(errorId)).getOrDefault(errorId, List.of())));
    }

    /** Errors, oldest first, at most 1,000; {@code status} null for all. */
    public List<SyncError> list(Status status) {
        var rows = db.selectFrom(LANGFUSE_SYNC_ERROR)
                .where(status == null ? DSL.noCondition() : LANGFUSE_SYNC_ERROR.STATUS.eq(status.name()))
                .orderBy(LANGFUSE_SYNC_ERROR.CREATED_AT, LANGFUSE_SYNC_ERROR.ERROR_ID)
                .limit(1000)
                .fetch();
        Map<UUID, List<Attempt>> attempts = attempts(rows.map(LangfuseSyncErrorRecord::getErrorId));
        return rows.map(row -> view(row, attempts.getOrDefault(row.getErrorId(), List.of())));
    }

    private Map<UUID, List<Attempt>> attempts(List<UUID> errorIds) {
        return db.selectFrom(LANGFUSE_SYNC_ERROR_ATTEMPT)
                .where(LANGFUSE_SYNC_ERROR_ATTEMPT.ERROR_ID.in(errorIds))
                .orderBy(LANGFUSE_SYNC_ERROR_ATTEMPT.ATTEMPT_ID)
                .fetchGroups(LANGFUSE_SYNC_ERROR_ATTEMPT.ERROR_ID,
                        a -> new Attempt(a.getAttemptedAt().toInstant(), a.getOutcome(), a.getDetail()));
    }

    private SyncError view(LangfuseSyncErrorRecord row, List<Attempt> attempts) {
        return new SyncError(row.getErrorId(), row.getObservationId(), row.getTraceId(), JSON.readTree(row.getPayload().data()),
                row.getReason(), row.getStatus(), row.getAttempts(), row.getCreatedAt().toInstant(),
                row.getUpdatedAt().toInstant(), attempts);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
