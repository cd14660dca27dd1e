package dev.sparks.invoicing.report;

import dev.sparks.invoicing.invoice.InvoiceComposer;
import dev.sparks.invoicing.invoice.MonthBills;
import dev.sparks.invoicing.period.Period;
import dev.sparks.invoicing.period.BillingPeriod;
import dev.sparks.invoicing.ratecard.CardTerms;
import dev.sparks.invoicing.ratecard.RateCards;
import dev.sparks.invoicing.subscription.Snapshot;
import dev.sparks.invoicing.subscription.SubscriptionHistory;
import dev.sparks.invoicing.usage.UsageLedger;
import dev.sparks.invoicing.usage.UsageTotal;
import dev.sparks.platform.money.Sparks;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * A customer's usage in a calendar month: Sparks and dollars by category (each metric's dollars
 * rounded as the invoice's usage line is), the tier and the discounts that apply, the month's
 * {@code bill} from the one pricing path ({@link MonthBills}: the invoice itself, the upcoming
 * invoice, or the month priced as its invoice would be), and, for the month under way, a forecast to
 * its end at the pace so far, priced the same way. {@code usage_usd} is the usage's value before
 * allowance and discounts; {@code total_usd} is the bill's total, what the customer pays.
 */
@Service
public class UsageReports {

    private final UsageLedger ledger;
    private final SubscriptionHistory history;
    private final RateCards cards;
    private final Clock clock;

    private final MonthBills bills;

    UsageReports(UsageLedger ledger, SubscriptionHistory history, RateCards cards, MonthBills bills, Clock clock) {
        this.ledger = ledger;
        this.history = history;
        this.cards = cards;
        this.bills = bills;
        this.clock = clock;
    }

    public record Category(String category, BigDecimal sparks, BigDecimal usd, long events, List<Metric> metrics) {}

    public record Metric(String metric, String unit, BigDecimal quantity, BigDecimal sparks, BigDecimal usd, long events) {}

    public record Forecast(boolean monthComplete, BigDecimal elapsedShare, BigDecimal sparks, BigDecimal usd) {}

    /** The bill's lines as the invoice shows them. */
    public record BillLine(String section, String description, long amountMinor, BigDecimal amount) {}

    public record Bill(String basis, List<BillLine> lines, long totalMinor, BigDecimal total) {}

    public record Report(String customerId, String month, String tier, String billingInterval, BigDecimal includedSparks,
            BigDecimal totalSparks, BigDecimal usageUsd, BigDecimal totalUsd, List<Category> categories,
            List<String> discounts, Bill bill, Forecast forecast) {}

    public Report report(String customerId, BillingPeriod month) {
        Instant now = clock.instant();
        CardTerms terms = cards.effectiveAt(month.start());
        Map<String, List<UsageTotal>> byCategory = new LinkedHashMap<>();
        for (UsageTotal usage : ledger.occurred(customerId, month.start(), month.end())) {
            byCategory.computeIfAbsent(usage.category(), key -> new ArrayList<>()).add(usage);
        }
        List<Category> categories = byCategory.entrySet().stream().map(entry -> category(entry.getKey(), entry.getValue()))
                .toList();
        BigDecimal totalSparks = sum(categories.stream().map(Category::sparks).toList());
        BigDecimal usageUsd = sum(categories.stream().map(Category::usd).toList());
        Instant asOf = now.isBefore(month.end()) ? now : month.end();
        Snapshot plan = history.governing(customerId, asOf.minusMillis(1)).orElse(null);
        Period period = new Period(month.start(), month.end());
        Bill bill = bill(bills.of(customerId, period, now));
        return new Report(customerId, month.toString(), plan == null ? "pay_as_you_go" : plan.plan(),
                plan == null ? null : plan.interval(), plan == null ? BigDecimal.ZERO : plan.includedSparks(), totalSparks,
                usageUsd, bill.total(), categories, discounts(plan, terms), bill,
                forecast(month, now, totalSparks, bills.forecast(customerId, period, now)));
    }

    private static Bill bill(MonthBills.Bill bill) {
        return new Bill(bill.basis(), bill.lines().stream().map(line -> new BillLine(line.section(), line.description(),
                line.amountMinor(), dollars(line.amountMinor()))).toList(), bill.totalMinor(), dollars(bill.totalMinor()));
    }

    /** Dollars per metric, rounded as the invoice's usage lines are, so the report and the invoice agree to the cent. */
    private static Category category(String category, List<UsageTotal> usage) {
        List<Metric> metrics = usage.stream().map(u -> new Metric(u.metric(), u.unit(), u.quantity(), u.sparks(),
                dollars(InvoiceComposer.cents(u.usd())), u.events())).toList();
        return new Category(category, sum(metrics.stream().map(Metric::sparks).toList()),
                sum(metrics.stream().map(Metric::usd).toList()), metrics.stream().mapToLong(Metric::events).sum(), metrics);
    }

    private static List<String> discounts(Snapshot plan, CardTerms terms) {
        List<String> discounts = new ArrayList<>();
        terms.volumeDiscount().ifPresent(discount -> discounts.add("Volume: " + discount.percent().stripTrailingZeros()
                .toPlainString() + "% on the Sparks you pay for " + (discount.aboveThresholdOnly() ? "above " : "once past ")
                + discount.thresholdSparks().stripTrailingZeros().toPlainString() + " Sparks a month"));
        if (plan != null && plan.annual() && plan.annualDiscountPercent().signum() > 0) {
            discounts.add("Annual billing: " + plan.annualDiscountPercent().stripTrailingZeros().toPlainString()
                    + "% off the " + plan.plan() + " plan");
        }
        return discounts;
    }

    /** The month's Sparks at the pace so far, and what the month would cost at that pace. */
    private static Forecast forecast(BillingPeriod month, Instant now, BigDecimal sparks, MonthBills.Bill priced) {
        BigDecimal usd = dollars(priced.totalMinor());
        if (!now.isBefore(month.end())) {
            return new Forecast(true, BigDecimal.ONE, sparks, usd);
        }
        long length = month.end().toEpochMilli() - month.start().toEpochMilli();
        long elapsed = Math.max(1, now.toEpochMilli() - month.start().toEpochMilli());
        BigDecimal projected = sparks.multiply(BigDecimal.valueOf(length))
                .divide(BigDecimal.valueOf(elapsed), Sparks.SCALE, RoundingMode.HALF_EVEN);
        BigDecimal share = BigDecimal.valueOf(elapsed).divide(BigDecimal.valueOf(length), 4, RoundingMode.HALF_EVEN);
        return new Forecast(false, share, projected, usd);
    }

    private static BigDecimal dollars(long cents) {
        return BigDecimal.valueOf(cents, 2);
    }

    private static BigDecimal sum(List<BigDecimal> values) {
        return values.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
