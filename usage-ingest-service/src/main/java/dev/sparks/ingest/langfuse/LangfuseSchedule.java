package dev.sparks.ingest.langfuse;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Runs the sync on {@code sparks.ingest.langfuse.schedule} (a cron; {@code -}, the default, disables
 * it), followed by the late sweep whenever it is due, and forgets old billed usage hourly.
 */
class LangfuseSchedule {

    private static final Logger log = LoggerFactory.getLogger(LangfuseSchedule.class);

    private final LangfuseSync sync;
    private final BilledUsage billed;
    private final Duration retention;

    LangfuseSchedule(LangfuseSync sync, BilledUsage billed, Duration retention) {
        this.sync = sync;
        this.billed = billed;
        this.retention = retention;
    }

    @Scheduled(cron = "${sparks.ingest.langfuse.schedule:-}")
    void run() {
        try {
            sync.run();
        } catch (SyncUnavailableException e) {
            log.info("Scheduled Langfuse sync skipped: {}", e.getMessage());
            return;
        } catch (RuntimeException e) {
            // The watermark did not move; the next scheduled run pulls the same window again.
            log.warn("Scheduled Langfuse sync failed: {}", e.getMessage(), e);
            return;
        }
        try {
            sync.lateSweepIfDue();
        } catch (SyncUnavailableException e) {
            log.info("Scheduled Langfuse late sweep skipped: {}", e.getMessage());
        } catch (RuntimeException e) {
            // Its last completed window did not move, so the next scheduled run sweeps again.
            log.warn("Scheduled Langfuse late sweep failed: {}", e.getMessage(), e);
        }
    }

    /** Hourly; the retention is longer than the late sweep's lookback, so no observation still pulled is forgotten. */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
    void forgetOldBilledUsage() {
        int forgotten = billed.forgetOlderThan(retention);
        if (forgotten > 0) {
            log.info("Forgot the billed usage of {} observation token types last billed more than {} ago", forgotten, retention);
        }
    }
}
