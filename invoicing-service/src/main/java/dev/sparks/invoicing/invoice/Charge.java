package dev.sparks.invoicing.invoice;

import dev.sparks.platform.money.Money;
import java.math.BigDecimal;

/** A priced line: what was used, its Sparks, its amount in minor units and how many events made it. */
public record Charge(String category, String metric, String unit, String description, BigDecimal quantity,
        BigDecimal sparks, Money amount, long events) {}
