package dev.sparks.embedded.stripe;

import java.util.Map;

/**
 * The stand-in's hosted pages, where on Stripe a person acts: Checkout (choose one of Stripe's test
 * cards and save it), 3-D Secure authentication of a payment, and the billing portal. Plain HTML,
 * no key: the page's URL is the secret, as on Stripe. A {@code POST} to the page does what its
 * button says.
 */
final class HostedPages {

    private final StripeLedger ledger;

    HostedPages(StripeLedger ledger) {
        this.ledger = ledger;
    }

    static boolean serves(String path) {
        return path.startsWith("/checkout/") || path.startsWith("/authenticate/") || path.startsWith("/portal/");
    }

    /** The page's HTML; throws {@link StandInError} for an unknown session or payment. */
    String page(String method, String path, FormBody query) {
        String[] parts = path.split("/");
        String id = parts.length > 2 ? parts[2] : "";
        boolean post = "POST".equals(method);
        return switch (parts[1]) {
            case "checkout" -> {
                var session = ledger.checkout(id);
                if (post && "open".equals(session.getStatus())) {
                    ledger.completeCheckout(id, query.require("card"));
                }
                yield "complete".equals(session.getStatus())
                        ? html("Card saved", "<p>The card is saved. <a href=\"" + session.getSuccessUrl() + "\">Back</a></p>")
                        : html("Save a card (Stripe stand-in)", cardForms(path));
            }
            case "authenticate" -> {
                if (post) {
                    ledger.settle(id);
                }
                yield html("Authenticate the payment", "succeeded".equals(ledger.paymentIntent(id).getStatus())
                        ? "<p>Payment authenticated and paid.</p>"
                        : form(path, Map.of(), "Complete authentication"));
            }
            default -> html("Billing portal (Stripe stand-in)", "<p>Payment methods, billing address and invoices would be here.</p>");
        };
    }

    private static String cardForms(String path) {
        StringBuilder forms = new StringBuilder();
        for (TestCards card : TestCards.values()) {
            forms.append(form(path, Map.of("card", card.token), card.token + " (" + card.brand + " •••• " + card.last4 + ")"));
        }
        return forms.toString();
    }

    private static String form(String path, Map<String, String> query, String button) {
        String action = query.isEmpty() ? path : path + "?" + query.entrySet().iterator().next().getKey() + "="
                + query.values().iterator().next();
        return "<form method=\"post\" action=\"" + action + "\"><button>" + button + "</button></form>";
    }

    private static String html(String title, String body) {
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + title + "</title></head><body><h1>"
                + title + "</h1>" + body + "</body></html>";
    }
}
