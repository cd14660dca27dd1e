package dev.sparks.ingest.langfuse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/** Runs the sync on {@code sparks.ingest.langfuse.schedule} (a cron; {@code -}, the default, disables it). */
class LangfuseSchedule {

    private static final Logger log = LoggerFactory.getLogger(LangfuseSchedule.class);

    private final LangfuseSync sync;

    LangfuseSchedule(LangfuseSync sync) {
        this.sync = sync;
    }

    @Scheduled(cron = "${sparks.ingest.langfuse.schedule:-}")
    void run() {
        try {
            sync.run();
        } catch (SyncUnavailableException e) {
            log.info("Scheduled Langfuse sync skipped: {}", e.getMessage());
        } catch (RuntimeException e) {
            // The watermark did not move; the next scheduled run pulls the same window again.
            log.warn("Scheduled Langfuse sync failed: {}", e.getMessage(), e);
        }
    }
}
