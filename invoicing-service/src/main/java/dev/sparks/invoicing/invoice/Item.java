package dev.sparks.invoicing.invoice;

import java.math.BigDecimal;
import java.util.UUID;

/** A one-off add-on (positive) or credit (negative) waiting for the customer's next invoice. */
public record Item(UUID itemId, String kind, String description, BigDecimal quantity, long amountMinor) {

    public static final String ADD_ON = "add_on";
    public static final String CREDIT = "credit";

    public boolean credit() {
        return CREDIT.equals(kind);
    }
}
