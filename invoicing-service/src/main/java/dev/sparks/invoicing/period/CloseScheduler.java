package dev.sparks.invoicing.period;

import dev.sparks.invoicing.InvoicingProperties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Closes due periods every {@code sparks.invoicing.close-interval} (0 turns it off; tests call the
 * closer themselves). It keeps no state: any number of instances may run it (see {@link PeriodCloser}).
 */
@Component
class CloseScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CloseScheduler.class);

    private final PeriodCloser closer;
    private final InvoicingProperties properties;
    private ScheduledExecutorService executor;

    CloseScheduler(PeriodCloser closer, InvoicingProperties properties) {
        this.closer = closer;
        this.properties = properties;
    }

    private void tick() {
        try {
            PeriodCloser.Run run = closer.closeDue();
            if (!run.finalizedInvoices().isEmpty() || !run.failedCustomers().isEmpty()) {
                log.info("Closed periods: {} invoices finalized, {} without invoice, {} failed",
                        run.finalizedInvoices().size(), run.closedWithoutInvoice(), run.failedCustomers().size());
            }
        } catch (RuntimeException e) {
            log.warn("Closing due periods failed; the next run tries again", e);
        }
    }

    @Override
    public void start() {
        long millis = properties.closeInterval().toMillis();
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("invoicing-scheduler").daemon().factory());
        if (millis > 0) {
            executor.scheduleWithFixedDelay(this::tick, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void stop() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null && !executor.isShutdown();
    }
}
