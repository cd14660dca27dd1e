package dev.sparks.invoicing.invoice;

import java.util.Map;
import java.util.Set;

/**
 * An invoice's lifecycle. A draft is never stored: it is what the open period would bill now
 * (preview). Finalizing stores an immutable invoice; afterwards only its status moves, along
 * {@link #ALLOWED}, and corrections are credit notes. An invoice of zero is paid when finalized.
 */
public final class InvoiceStatus {

    public static final String DRAFT = "draft";
    public static final String FINALIZED = "finalized";
    public static final String PAID = "paid";
    public static final String VOID = "void";
    public static final String UNCOLLECTIBLE = "uncollectible";
    /** The customer disputed the payment of a paid invoice; the money is held until the dispute closes. */
    public static final String DISPUTED = "disputed";
    /** The dispute was lost: the money went back to the customer. Final. */
    public static final String DISPUTE_LOST = "dispute_lost";

    /**
     * An uncollectible invoice may still be paid late; void and a lost dispute are final; a paid
     * invoice only moves when its payment is disputed, and a won dispute makes it paid again.
     */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            FINALIZED, Set.of(PAID, VOID, UNCOLLECTIBLE),
            UNCOLLECTIBLE, Set.of(PAID, VOID),
            PAID, Set.of(DISPUTED),
            DISPUTED, Set.of(PAID, DISPUTE_LOST));

    private InvoiceStatus() {}

    public static boolean canMove(String from, String to) {
        return ALLOWED.getOrDefault(from, Set.of()).contains(to);
    }
}
