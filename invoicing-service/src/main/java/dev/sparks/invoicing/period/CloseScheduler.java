package dev.sparks.invoicing.period;

import dev.sparks.invoicing.InvoicingProperties;
import dev.sparks.platform.schedule.FixedDelayTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Closes due periods every {@code sparks.invoicing.close-interval} (0 turns it off; tests call the
 * closer themselves). Any number of instances may run it (see {@link PeriodCloser}).
 */
@Configuration(proxyBeanMethods = false)
class CloseScheduler {

    private static final Logger log = LoggerFactory.getLogger(CloseScheduler.class);

    @Bean
    FixedDelayTask invoicingCloseScheduler(PeriodCloser closer, InvoicingProperties properties) {
        return new FixedDelayTask("invoicing-scheduler", properties.closeInterval(), () -> {
            PeriodCloser.Run run = closer.closeDue();
            if (!run.finalizedInvoices().isEmpty() || !run.failedCustomers().isEmpty()) {
                log.info("Closed periods: {} invoices finalized, {} without invoice, {} failed",
                        run.finalizedInvoices().size(), run.closedWithoutInvoice(), run.failedCustomers().size());
            }
        });
    }
}
