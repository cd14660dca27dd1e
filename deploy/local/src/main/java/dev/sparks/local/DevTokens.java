package dev.sparks.local;

import dev.sparks.embedded.EmbeddedIssuer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tokens from the development issuer for trying the customer-facing API of {@code ./sparks up}
 * without Auth0: one for a sample customer, one for an admin. They are signed with a key that
 * lives as long as the launcher, so they stop working when it stops.
 */
final class DevTokens {

    static final String SAMPLE_CUSTOMER = "sample-customer";
    private static final Duration VALID_FOR = Duration.ofHours(12);

    private DevTokens() {}

    /** {@code issuedAt} is the services' business time, which verifies {@code iat} and {@code exp}. */
    static String customer(EmbeddedIssuer issuer, String customerId, Instant issuedAt) {
        Map<String, Object> claims = new HashMap<>(issuer.claims("auth0|" + customerId, Stack.AUDIENCE, issuedAt, VALID_FOR));
        claims.put("https://sparks.dev/customer_id", customerId);
        return issuer.sign(claims);
    }

    static String admin(EmbeddedIssuer issuer, Instant issuedAt) {
        Map<String, Object> claims = new HashMap<>(issuer.claims("auth0|sparks-admin", Stack.AUDIENCE, issuedAt, VALID_FOR));
        claims.put("permissions", List.of("sparks:admin"));
        return issuer.sign(claims);
    }

    static void print(EmbeddedIssuer issuer, Instant issuedAt) {
        Console.say("  Token issuer (dev)       " + issuer.issuer() + ".well-known/jwks.json, audience " + Stack.AUDIENCE);
        Console.say("  Customer token (" + SAMPLE_CUSTOMER + ", 12 h):");
        Console.say("    " + customer(issuer, SAMPLE_CUSTOMER, issuedAt));
        Console.say("  Admin token (sparks:admin, 12 h):");
        Console.say("    " + admin(issuer, issuedAt));
        Console.say("  e.g. curl -s localhost:8083/api/usage/current -H \"Authorization: Bearer <customer token>\"");
    }
}
