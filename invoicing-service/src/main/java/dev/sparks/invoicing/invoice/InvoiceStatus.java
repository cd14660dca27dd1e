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

    /** An uncollectible invoice may still be paid late; paid and void are final. */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            FINALIZED, Set.of(PAID, VOID, UNCOLLECTIBLE),
            UNCOLLECTIBLE, Set.of(PAID, VOID));

    private InvoiceStatus() {}

    public static boolean canMove(String from, String to) {
        return ALLOWED.getOrDefault(from, Set.of()).contains(to);
    }
}
