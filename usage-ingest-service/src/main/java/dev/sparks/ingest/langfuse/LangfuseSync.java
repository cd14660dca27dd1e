package dev.sparks.ingest.langfuse;

import dev.sparks.ingest.IngestProperties;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls generation observations from Langfuse, in two passes that share one lease.
 * <p>
 * The sync: the window runs from the watermark minus the overlap up to now, every page is published
 * before the next is fetched, and the watermark moves to the window's end only after the last page
 * is durably on Kafka. A run that fails part-way leaves the watermark where it was; the next run
 * pulls the same window again and the deterministic event ids keep the pages already published from
 * counting twice.
 * <p>
 * The late sweep: Langfuse's observations API filters by start time only, so an observation that
 * appears or changes more than the overlap after its start is outside every later sync window. The
 * sweep pulls {@code [now − lookback, now)} again, less often; {@link BilledUsage} bills only what
 * an observation shows beyond what was billed for it, so the sweep bills late and grown usage once
 * and everything else is a duplicate. It shares the sync's lease because two passes reading the
 * same observation at different states at once would each bill a growth from the same base.
 */
public class LangfuseSync {

    private static final Logger log = LoggerFactory.getLogger(LangfuseSync.class);

    private final LangfuseClient client;
    private final SyncState state;
    private final PageProcessor pages;
    private final IngestProperties.Langfuse settings;
    private final Clock clock;
    private final ReentrantLock localRun = new ReentrantLock();
    private final String instance = UUID.randomUUID().toString();

    public LangfuseSync(LangfuseClient client, SyncState state, PageProcessor pages, IngestProperties.Langfuse settings,
            Clock clock) {
        this.client = client;
        this.state = state;
        this.pages = pages;
        this.settings = settings;
        this.clock = clock;
    }

    /** The sync: pulls the window after the watermark. */
    public SyncStatus run() {
        return leased((owner, watermark) -> {
            Instant now = clock.instant();
            SyncWindow window = new SyncWindow(
                    watermark.map(mark -> mark.minus(settings.overlap())).orElse(now.minus(settings.initialLookback())), now);
            try {
                SyncStatus status = pull(SyncStatus.SYNC, window, owner);
                if (!state.complete(owner, window, ApiVersion.ofLabel(status.apiVersion()), status.summary())) {
                    // Everything pulled is on Kafka, but another run took the lease meanwhile: the
                    // watermark stays and the next run pulls this window again, publishing nothing twice.
                    throw new SyncUnavailableException(true, "Lost the Langfuse sync lease before recording progress");
                }
                log.info("Langfuse sync {}", status.summary());
                return Optional.of(status);
            } catch (RuntimeException e) {
                state.fail(owner, String.valueOf(e.getMessage()));
                throw e;
            }
        }).orElseThrow();
    }

    /** The late sweep, now. */
    public SyncStatus lateSweep() {
        return leased((owner, watermark) -> Optional.of(sweep(owner))).orElseThrow();
    }

    /** The late sweep if the last completed one is at least {@code late-sweep.every} old; empty when it is not due. */
    public Optional<SyncStatus> lateSweepIfDue() {
        return leased((owner, watermark) -> {
            // Checked under the lease, so that instances sharing a schedule sweep once between them.
            if (!state.lateSweepDue(settings.lateSweep().every())) {
                state.release(owner);
                return Optional.empty();
            }
            return Optional.of(sweep(owner));
        });
    }

    private SyncStatus sweep(String owner) {
        Instant now = clock.instant();
        SyncWindow window = new SyncWindow(now.minus(settings.lateSweep().lookback()), now);
        try {
            SyncStatus status = pull(SyncStatus.LATE_SWEEP, window, owner);
            if (!state.completeLateSweep(owner, window, status.summary())) {
                throw new SyncUnavailableException(true, "Lost the Langfuse sync lease before recording the late sweep");
            }
            log.info("Langfuse late sweep {}", status.summary());
            return status;
        } catch (RuntimeException e) {
            state.failLateSweep(owner, String.valueOf(e.getMessage()));
            throw e;
        }
    }

    private interface LeasedWork {
        Optional<SyncStatus> run(String owner, Optional<Instant> watermark);
    }

    /** Runs {@code work} holding the lease; {@code work} records its outcome, which releases the lease. */
    private Optional<SyncStatus> leased(LeasedWork work) {
        if (!settings.configured()) {
            throw new SyncUnavailableException(false, "Langfuse sync is not configured (sparks.ingest.langfuse.base-url, public-key, secret-key)");
        }
        if (!localRun.tryLock()) {
            throw new SyncUnavailableException(true, "A Langfuse sync is already running in this instance");
        }
        try {
            String owner = instance + "/" + UUID.randomUUID();
            Optional<Instant> watermark = state.acquire(owner, settings.lease())
                    .orElseThrow(() -> new SyncUnavailableException(true, "A Langfuse sync is already running in another instance"));
            return work.run(owner, watermark);
        } finally {
            localRun.unlock();
        }
    }

    private SyncStatus pull(String pass, SyncWindow window, String owner) {
        SyncStatus.Tally tally = new SyncStatus.Tally();
        ObservationPage page = client.firstPage(window);
        while (true) {
            tally.add(pages.process(page));
            if (page.last()) {
                return tally.status(pass, window, page.version());
            }
            // The lease is renewed page by page: a run that lost it (paused past the lease) stops
            // rather than racing the run that took over.
            if (!state.renew(owner, settings.lease())) {
                throw new SyncUnavailableException(true, "Lost the Langfuse sync lease; another run took over");
            }
            page = client.page(window, page.version(), page.next());
        }
    }
}
