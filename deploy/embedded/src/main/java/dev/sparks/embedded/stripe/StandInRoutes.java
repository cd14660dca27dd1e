package dev.sparks.embedded.stripe;

/** Stripe's v1 paths that Sparks calls, mapped onto the ledger. */
final class StandInRoutes {

    private final StripeLedger ledger;

    StandInRoutes(StripeLedger ledger) {
        this.ledger = ledger;
    }

    Object route(String method, String path, FormBody form) {
        String[] p = path.replaceFirst("^/", "").split("/");
        boolean post = "POST".equals(method);
        if (p.length < 2 || !"v1".equals(p[0])) {
            throw unknown(method, path);
        }
        String resource = p[1];
        String id = p.length > 2 ? p[2] : null;
        String action = p.length > 3 ? p[3] : null;
        return switch (resource) {
            case "customers" -> id == null ? (post ? ledger.createCustomer(form) : null)
                    : post ? ledger.updateCustomer(id, form) : ledger.customer(id);
            case "payment_methods" -> "attach".equals(action) ? ledger.attach(id, form.require("customer"))
                    : ledger.paymentMethod(id);
            case "setup_intents" -> id == null ? ledger.createSetupIntent(form) : ledger.setupIntent(id);
            case "payment_intents" -> id == null ? ledger.createPaymentIntent(form)
                    : "confirm".equals(action) ? ledger.confirm(id, form) : ledger.paymentIntent(id);
            case "refunds" -> post ? ledger.refund(form) : null;
            case "events" -> ledger.event(id);
            case "checkout" -> "sessions".equals(id) && p.length > 3 ? ledger.checkout(p[3])
                    : "sessions".equals(id) ? ledger.createCheckout(form) : null;
            case "billing_portal" -> "sessions".equals(id) && post ? ledger.createPortal(form) : null;
            default -> throw unknown(method, path);
        };
    }

    private static StandInError unknown(String method, String path) {
        return StandInError.of(404, "invalid_request_error", null,
                "Unrecognized request URL (" + method + ": " + path + "). The Stripe stand-in does not serve it.");
    }
}
