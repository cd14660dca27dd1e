package dev.sparks.invoicing.invoice;

import dev.sparks.invoicing.account.BillingAccounts;
import dev.sparks.invoicing.period.Period;
import dev.sparks.invoicing.persistence.jooq.tables.records.BillingAccountRecord;
import dev.sparks.invoicing.usage.UsageLedger;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The upcoming invoice: the customer's open period as it would be invoiced if it ended now, by the
 * same composer as the real one. During the grace after a period ends, this is that period's draft.
 */
@Service
public class Previews {

    private final BillingAccounts accounts;
    private final UsageLedger usage;
    private final InvoiceInputs inputs;
    private final Clock clock;

    Previews(BillingAccounts accounts, UsageLedger usage, InvoiceInputs inputs, Clock clock) {
        this.accounts = accounts;
        this.usage = usage;
        this.inputs = inputs;
        this.clock = clock;
    }

    public record Preview(String customerId, Period period, Instant asOf, String status, InvoiceComposer.Draft draft) {}

    @Transactional(readOnly = true)
    public Optional<Preview> upcoming(String customerId) {
        return accounts.find(customerId).map(account -> preview(account, clock.instant()));
    }

    private Preview preview(BillingAccountRecord account, Instant now) {
        Period period = BillingAccounts.period(account);
        Instant until = now.isBefore(period.end()) ? now : period.end();
        if (!until.isAfter(period.start())) {
            until = period.start().plusMillis(1);
        }
        String customerId = account.getCustomerId();
        InvoiceComposer.Draft draft = InvoiceComposer.compose(inputs.gather(customerId, period, until,
                usage.unbilledInPeriod(customerId, period), usage.unbilledLate(customerId, period)));
        return new Preview(customerId, period, now, InvoiceStatus.DRAFT, draft);
    }
}
