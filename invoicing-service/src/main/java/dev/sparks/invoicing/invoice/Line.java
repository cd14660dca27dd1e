package dev.sparks.invoicing.invoice;

import java.math.BigDecimal;

/**
 * One line of an invoice. {@code quantity}, {@code unit} and {@code sparks} are informational and
 * may be null; {@code amountMinor} is what the line costs (negative for discounts and credits), and
 * an invoice's total is exactly the sum of its lines' amounts.
 */
public record Line(String section, String description, String metric, BigDecimal quantity, String unit,
        BigDecimal sparks, long amountMinor) {

    public static final String SUBSCRIPTION = "Subscription";
    public static final String USAGE = "Usage";
    public static final String ALLOWANCE = "Allowance";
    public static final String DISCOUNTS = "Discounts";
    public static final String ADJUSTMENTS = "Adjustments";
    public static final String ADD_ONS = "Add-ons";
    public static final String CREDITS = "Credits";

    static Line of(String section, String description, long amountMinor) {
        return new Line(section, description, null, null, null, null, amountMinor);
    }
}
