package dev.sparks.local;

import dev.sparks.embedded.EmbeddedIssuer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Tokens from the development issuer for trying the customer-facing API of {@code ./sparks up}
 * without Auth0: one for a sample customer, one for an admin. They are signed with a key that
 * lives as long as the launcher, so they stop working when it stops.
 */
final class DevTokens {

    static final String SAMPLE_CUSTOMER = "sample-customer";
    static final String CONSOLE_CLIENT = "sparks-console";
    /** Who can sign in to the console on {@code ./sparks up}: the sample customer and an admin. */
    static final List<EmbeddedIssuer.User> SIGN_IN_USERS = List.of(
            new EmbeddedIssuer.User("customer@sparks.local", "Sample customer", "auth0|" + SAMPLE_CUSTOMER, SAMPLE_CUSTOMER, List.of()),
            new EmbeddedIssuer.User("admin@sparks.local", "Sparks admin", "auth0|sparks-admin", null, List.of("sparks:admin")));
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

    /** The services' business time as a clock, so that tokens issued at sign-in are valid by it (SPARKS_CLOCK). */
    static Clock clock(Supplier<Instant> businessTime) {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException("UTC only");
            }

            @Override
            public Instant instant() {
                return businessTime.get();
            }
        };
    }

    static void printConsole() {
        Console.say("  Console                  " + ServiceSpec.CONSOLE.url() + "   sign in as (development issuer, no password):");
        SIGN_IN_USERS.forEach(user -> Console.say(String.format("    %-23s ", user.username()) + user.name()
                + (user.customerId() != null ? " (customer " + user.customerId() + ")" : " (sparks:admin)")));
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
