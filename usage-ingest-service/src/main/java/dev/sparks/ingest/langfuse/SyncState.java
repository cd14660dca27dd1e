package dev.sparks.ingest.langfuse;

import static dev.sparks.ingest.persistence.jooq.Tables.LANGFUSE_SYNC_STATE;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jooq.Field;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The sync's row in {@code langfuse_sync_state}: its watermark and its lease. A run holds the lease
 * while it works (renewed on every page, expiring if the instance dies), so two instances or a
 * manual and a scheduled run never interleave, and no connection stays open across HTTP calls.
 */
public class SyncState {

    static final String SYNC = "langfuse";

    private final DSLContext db;
    private final Clock clock;

    public SyncState(DSLContext db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** What the last runs left behind, for {@code GET /usage/sync}. */
    public record Snapshot(Instant watermark, Instant lastWindowFrom, Instant lastWindowTo, String lastApiVersion,
            String lastStatus, String lastDetail, boolean running, Instant lateSweepFrom, Instant lateSweepTo,
            String lateSweepStatus, String lateSweepDetail) {}

    /** Takes the lease and answers the watermark (empty inside when no window completed yet); empty when another run holds it. */
    Optional<Optional<Instant>> acquire(String owner, Duration lease) {
        OffsetDateTime now = now();
        return db.update(LANGFUSE_SYNC_STATE)
                .set(LANGFUSE_SYNC_STATE.LEASE_OWNER, owner)
                .set(LANGFUSE_SYNC_STATE.LEASE_UNTIL, now.plus(lease))
                .where(LANGFUSE_SYNC_STATE.SYNC_NAME.eq(SYNC))
                .and(LANGFUSE_SYNC_STATE.LEASE_UNTIL.isNull().or(LANGFUSE_SYNC_STATE.LEASE_UNTIL.lt(now)))
                .returning(LANGFUSE_SYNC_STATE.WATERMARK)
                .fetchOptional()
                .map(row -> Optional.ofNullable(row.getWatermark()).map(OffsetDateTime::toInstant));
    }

    /** Extends the lease; false when it was lost (expired and taken by another run). */
    boolean renew(String owner, Duration lease) {
        return db.update(LANGFUSE_SYNC_STATE)
                .set(LANGFUSE_SYNC_STATE.LEASE_UNTIL, now().plus(lease))
                .where(LANGFUSE_SYNC_STATE.SYNC_NAME.eq(SYNC).and(LANGFUSE_SYNC_STATE.LEASE_OWNER.eq(owner)))
                .execute() == 1;
    }

    /** The whole window is on Kafka: the watermark moves to its end (never backwards), and the lease is released. */
    boolean complete(String owner, SyncWindow window, ApiVersion version, String detail) {
        OffsetDateTime to = OffsetDateTime.ofInstant(window.to(), ZoneOffset.UTC);
        Map<Field<?>, Object> outcome = new HashMap<>();
        outcome.put(LANGFUSE_SYNC_STATE.WATERMARK, DSL.greatest(DSL.coalesce(LANGFUSE_SYNC_STATE.WATERMARK, to), DSL.val(to)));
        outcome.put(LANGFUSE_SYNC_STATE.LAST_WINDOW_FROM, OffsetDateTime.ofInstant(window.from(), ZoneOffset.UTC));
        outcome.put(LANGFUSE_SYNC_STATE.LAST_WINDOW_TO, to);
        outcome.put(LANGFUSE_SYNC_STATE.LAST_API_VERSION, version.label());
        outcome.put(LANGFUSE_SYNC_STATE.LAST_STATUS, "completed");
        outcome.put(LANGFUSE_SYNC_STATE.LAST_DETAIL, detail);
        return release(owner, outcome);
    }

    /** The run stopped part-way: the watermark stays, so the next run pulls the same window again. */
    void fail(String owner, String detail) {
        release(owner, Map.of(LANGFUSE_SYNC_STATE.LAST_STATUS, "failed", LANGFUSE_SYNC_STATE.LAST_DETAIL, detail));
    }

    /** Whether the last completed late sweep ended at least {@code every} ago (or none ever completed). */
    boolean lateSweepDue(Duration every) {
        OffsetDateTime last = db.select(LANGFUSE_SYNC_STATE.LATE_SWEEP_TO).from(LANGFUSE_SYNC_STATE)
                .where(LANGFUSE_SYNC_STATE.SYNC_NAME.eq(SYNC)).fetchSingle(LANGFUSE_SYNC_STATE.LATE_SWEEP_TO);
        return last == null || !last.plus(every).isAfter(now());
    }

    /** The late sweep's window is on Kafka: recorded next to the sync's, the watermark untouched, the lease released. */
    boolean completeLateSweep(String owner, SyncWindow window, String detail) {
        return release(owner, Map.of(
                LANGFUSE_SYNC_STATE.LATE_SWEEP_FROM, OffsetDateTime.ofInstant(window.from(), ZoneOffset.UTC),
                LANGFUSE_SYNC_STATE.LATE_SWEEP_TO, OffsetDateTime.ofInstant(window.to(), ZoneOffset.UTC),
                LANGFUSE_SYNC_STATE.LATE_SWEEP_STATUS, "completed",
                LANGFUSE_SYNC_STATE.LATE_SWEEP_DETAIL, detail));
    }

    /** The late sweep stopped part-way: its last completed window stays, so it is due again. */
    void failLateSweep(String owner, String detail) {
        release(owner, Map.of(LANGFUSE_SYNC_STATE.LATE_SWEEP_STATUS, "failed", LANGFUSE_SYNC_STATE.LATE_SWEEP_DETAIL, detail));
    }

    /** Gives the lease back without recording anything. */
    void release(String owner) {
        release(owner, Map.of());
    }

    /** Writes a run's outcome and releases the lease in one update; false when {@code owner} no longer held it. */
    private boolean release(String owner, Map<Field<?>, Object> outcome) {
        Map<Field<?>, Object> values = new HashMap<>(outcome);
        values.put(LANGFUSE_SYNC_STATE.LEASE_OWNER, null);
        values.put(LANGFUSE_SYNC_STATE.LEASE_UNTIL, null);
        values.put(LANGFUSE_SYNC_STATE.UPDATED_AT, now());
        return db.update(LANGFUSE_SYNC_STATE).set(values)
                .where(LANGFUSE_SYNC_STATE.SYNC_NAME.eq(SYNC).and(LANGFUSE_SYNC_STATE.LEASE_OWNER.eq(owner)))
                .execute() == 1;
    }

    public Snapshot snapshot() {
        OffsetDateTime now = now();
        return db.selectFrom(LANGFUSE_SYNC_STATE).where(LANGFUSE_SYNC_STATE.SYNC_NAME.eq(SYNC)).fetchSingle(row ->
                new Snapshot(instant(row.getWatermark()), instant(row.getLastWindowFrom()), instant(row.getLastWindowTo()),
                        row.getLastApiVersion(), row.getLastStatus(), row.getLastDetail(),
                        row.getLeaseUntil() != null && row.getLeaseUntil().isAfter(now), instant(row.getLateSweepFrom()),
                        instant(row.getLateSweepTo()), row.getLateSweepStatus(), row.getLateSweepDetail()));
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
