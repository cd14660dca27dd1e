package dev.sparks.invoicing.invoice;

import static dev.sparks.invoicing.persistence.jooq.Tables.INVOICE_ITEM;

import dev.sparks.invoicing.InvalidFieldException;
import dev.sparks.invoicing.account.BillingAccounts;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Add-ons bought (extra chatbots, token packs) and credits granted, waiting for the next invoice. */
@Service
public class InvoiceItems {

    private final DSLContext db;
    private final BillingAccounts accounts;
    private final Clock clock;

    InvoiceItems(DSLContext db, BillingAccounts accounts, Clock clock) {
        this.db = db;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** An add-on's amount is what it costs; a credit's is what it takes off (stored negative). */
    @Transactional
    public Item add(String customerId, String kind, String description, BigDecimal quantity, long amountMinor) {
        if (!Item.ADD_ON.equals(kind) && !Item.CREDIT.equals(kind)) {
            throw new InvalidFieldException("kind", "kind is add_on or credit, not '" + kind + "'");
        }
        if (amountMinor <= 0) {
            throw new InvalidFieldException("amount_minor", "amount_minor must be positive");
        }
        if (quantity != null && quantity.signum() <= 0) {
            throw new InvalidFieldException("quantity", "quantity must be positive");
        }
        if (description == null || description.isBlank()) {
            throw new InvalidFieldException("description", "Say what the item is");
        }
        Item item = new Item(UUID.randomUUID(), kind, description, quantity == null ? BigDecimal.ONE : quantity,
                Item.CREDIT.equals(kind) ? -amountMinor : amountMinor);
        accounts.cover(customerId, clock.instant()); // a customer invoicing had not seen yet is billed too
        db.insertInto(INVOICE_ITEM)
                .set(INVOICE_ITEM.ITEM_ID, item.itemId())
                .set(INVOICE_ITEM.CUSTOMER_ID, customerId)
                .set(INVOICE_ITEM.KIND, item.kind())
                .set(INVOICE_ITEM.DESCRIPTION, item.description())
                .set(INVOICE_ITEM.QUANTITY, item.quantity())
                .set(INVOICE_ITEM.AMOUNT_MINOR, item.amountMinor())
                .set(INVOICE_ITEM.CREATED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                .execute();
        return item;
    }
}
