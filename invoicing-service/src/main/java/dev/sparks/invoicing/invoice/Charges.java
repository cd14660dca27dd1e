package dev.sparks.invoicing.invoice;

import dev.sparks.invoicing.usage.UsageTotal;
import dev.sparks.platform.money.Money;
import dev.sparks.platform.money.Sparks;
import java.math.BigDecimal;
import java.util.List;

/**
 * Prices a period's usage totals into lines, the same way for a report, a preview and an invoice:
 * each line's Sparks become dollars at the Spark rate and are rounded half-even to the cent once,
 * on the line; the total is the sum of the lines, so lines always add up to it.
 */
public class Charges {

    private final BigDecimal usdPerSpark;

    public Charges(BigDecimal usdPerSpark) {
        this.usdPerSpark = usdPerSpark;
    }

    public record Priced(List<Charge> lines, Sparks totalSparks, Money total) {}

    public Priced price(List<UsageTotal> totals) {
        List<Charge> lines = totals.stream().map(this::line).toList();
        Sparks totalSparks = lines.stream().map(line -> new Sparks(line.sparks())).reduce(Sparks.ZERO, Sparks::plus);
        Money total = lines.stream().map(Charge::amount).reduce(Money.zero(Money.USD), Money::plus);
        return new Priced(lines, totalSparks, total);
    }

    private Charge line(UsageTotal usage) {
        Sparks sparks = new Sparks(usage.sparks());
        String description = usage.metric() + ": " + usage.quantity().stripTrailingZeros().toPlainString() + " " + usage.unit();
        return new Charge(usage.category(), usage.metric(), usage.unit(), description, usage.quantity(),
                sparks.amount(), Money.usd(sparks.toUsd(usdPerSpark)), usage.events());
    }
}
