package dev.sparks.subscription.usage;

import static dev.sparks.subscription.persistence.jooq.Tables.MONTHLY_USAGE;

import dev.sparks.platform.money.Sparks;
import dev.sparks.subscription.customer.Customers;
import dev.sparks.subscription.quota.Limits;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.YearMonth;
import java.util.Optional;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** How much of this month's allowance a customer has used. */
@Service
public class CurrentUsage {

    private final DSLContext db;
    private final Customers customers;
    private final Limits limits;
    private final Clock clock;

    CurrentUsage(DSLContext db, Customers customers, Limits limits, Clock clock) {
        this.db = db;
        this.customers = customers;
        this.limits = limits;
        this.clock = clock;
    }

    public record Usage(String customerId, String month, String plan, Sparks used, Sparks included, Sparks remaining) {}

    @Transactional(readOnly = true)
    public Optional<Usage> of(String customerId) {
        String month = YearMonth.now(clock).toString();
        return customers.find(customerId).map(customer -> {
            BigDecimal used = db.select(MONTHLY_USAGE.SPARKS)
                    .from(MONTHLY_USAGE)
                    .where(MONTHLY_USAGE.CUSTOMER_ID.eq(customerId), MONTHLY_USAGE.MONTH.eq(month))
                    .fetchOptional(MONTHLY_USAGE.SPARKS)
                    .orElse(BigDecimal.ZERO);
            Sparks included = limits.includedSparks(customer);
            Sparks usedSparks = new Sparks(used);
            Sparks remaining = usedSparks.compareTo(included) >= 0 ? Sparks.ZERO : included.minus(usedSparks);
            return new Usage(customerId, month, customer.getPlan(), usedSparks, included, remaining);
        });
    }
}
