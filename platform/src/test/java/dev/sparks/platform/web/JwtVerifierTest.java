package dev.sparks.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparks.embedded.EmbeddedIssuer;
import dev.sparks.platform.testing.MutableClock;
import dev.sparks.platform.web.auth.InvalidTokenException;
import dev.sparks.platform.web.auth.Jwks;
import dev.sparks.platform.web.auth.JwtVerifier;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Auth0-shaped RS256 tokens against a local issuer that serves its JWKS over real HTTP. */
class JwtVerifierTest {

    private static final String AUDIENCE = "https://api.sparks.test";
    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    private static EmbeddedIssuer issuer;
    private MutableClock clock;
    private JwtVerifier verifier;

    @BeforeAll
    static void startIssuer() {
        issuer = EmbeddedIssuer.start(0);
    }

    @AfterAll
    static void stopIssuer() {
        issuer.close();
    }

    @BeforeEach
    void verifier() {
        clock = new MutableClock(NOW);
        verifier = new JwtVerifier(issuer.issuer(), AUDIENCE,
                new Jwks(URI.create(issuer.issuer() + ".well-known/jwks.json"),
                        Duration.ofSeconds(30), Duration.ofMinutes(10), clock),
                clock, Duration.ofSeconds(30), "sparks:admin", "permissions",
                "https://sparks.dev/customer_id");
    }

    private Map<String, Object> claims(String subject) {
        return new java.util.HashMap<>(issuer.claims(subject, AUDIENCE, NOW, Duration.ofHours(1)));
    }

    @Test
    void aValidCustomerTokenNamesItsSubjectAndClaimedCustomer() {
        Map<String, Object> claims = claims("auth0|alice");
        claims.put("https://sparks.dev/customer_id", "acme");

        assertThat(verifier.verify(issuer.sign(claims))).isEqualTo(new Caller.Customer("auth0|alice", "acme"));
        assertThat(verifier.verify(issuer.sign(claims("auth0|bob")))).isEqualTo(new Caller.Customer("auth0|bob", null));
    }

    @Test
    void theAdminPermissionMakesAnAdmin() {
        Map<String, Object> rbac = claims("auth0|ops");
        rbac.put("permissions", List.of("read:usage", "sparks:admin"));

        assertThat(verifier.verify(issuer.sign(rbac))).isEqualTo(new Caller.Admin("auth0|ops"));
    }

    @Test
    void aScopeNamingTheAdminPermissionDoesNotMakeAnAdmin() {
        // Auth0 grants a user whatever scope the client asks for unless RBAC limits it: a scope
        // proves what was requested, not a role an administrator assigned.
        Map<String, Object> claims = claims("auth0|mallory");
        claims.put("scope", "openid sparks:admin");

        assertThat(verifier.verify(issuer.sign(claims))).isEqualTo(new Caller.Customer("auth0|mallory", null));
    }

    @Test
    void aTokenOfAnotherIssuerIsRefused() {
        Map<String, Object> claims = claims("auth0|alice");
        claims.put("iss", "https://evil.example/");
        assertRefused(issuer.sign(claims), "Issuer");
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() {
        Map<String, Object> claims = claims("auth0|alice");
        claims.put("aud", "https://someone-else.example");
        assertRefused(issuer.sign(claims), "audience");
    }

    @Test
    void aTokenSignedWithAnotherKeyUnderAKnownKidIsRefused() {
        String forged = EmbeddedIssuer.sign(EmbeddedIssuer.newKey("key-1"), "RS256", claims("auth0|alice"));
        assertRefused(forged, "signature");
    }

    @Test
    void aTamperedPayloadIsRefused() {
        String[] parts = issuer.sign(claims("auth0|alice")).split("\\.");
        String otherPayload = issuer.sign(claims("auth0|mallory")).split("\\.")[1];
        assertRefused(parts[0] + "." + otherPayload + "." + parts[2], "signature");
    }

    @Test
    void anExpiredTokenIsRefusedOnceTheSkewHasPassed() {
        String token = issuer.sign(claims("auth0|alice"));
        clock.advance(Duration.ofHours(1).plusSeconds(10));
        assertThat(verifier.verify(token).subject()).isEqualTo("auth0|alice");
        clock.advance(Duration.ofSeconds(30));
        assertRefused(token, "expired");
    }

    @Test
    void aTokenNotValidYetIsRefused() {
        Map<String, Object> claims = claims("auth0|alice");
        claims.put("nbf", NOW.plus(Duration.ofMinutes(5)).getEpochSecond());
        assertRefused(issuer.sign(claims), "not valid yet");
    }

    @Test
    void onlyRs256IsAccepted() {
        assertRefused(EmbeddedIssuer.sign(new EmbeddedIssuer.SigningKey("key-1",
                EmbeddedIssuer.newKey("x").keys()), "HS256", claims("auth0|alice")), "RS256");
        String header = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"kid\":\"key-1\"}".getBytes());
        String payload = issuer.sign(claims("auth0|alice")).split("\\.")[1];
        assertRefused(header + "." + payload + ".", "RS256");
        assertRefused("not-a-jwt", "Not a signed JWT");
    }

    @Test
    void anUnknownKidRefreshesTheKeysButAtMostOncePerInterval() {
        verifier.verify(issuer.sign(claims("auth0|alice")));
        int fetches = issuer.jwksRequests();

        clock.advance(Duration.ofMinutes(5));
        issuer.rotate();
        assertThat(verifier.verify(issuer.sign(claims("auth0|alice"))).subject()).isEqualTo("auth0|alice");
        assertThat(issuer.jwksRequests()).isEqualTo(fetches + 1);

        String unknown = EmbeddedIssuer.sign(EmbeddedIssuer.newKey("made-up"), "RS256", claims("auth0|alice"));
        clock.advance(Duration.ofSeconds(1));
        assertRefused(unknown, "Unknown signing key");
        assertRefused(unknown, "Unknown signing key");
        assertThat(issuer.jwksRequests()).isEqualTo(fetches + 1);

        clock.advance(Duration.ofSeconds(30));
        assertRefused(unknown, "Unknown signing key");
        assertThat(issuer.jwksRequests()).isEqualTo(fetches + 2);
    }

    @Test
    void aKeyTheIssuerStopsPublishingIsRefusedOnceTheCachedKeysExpire() {
        try (EmbeddedIssuer rotating = EmbeddedIssuer.start(0)) {
            JwtVerifier verifying = new JwtVerifier(rotating.issuer(), AUDIENCE,
                    new Jwks(URI.create(rotating.issuer() + ".well-known/jwks.json"),
                        Duration.ofSeconds(30), Duration.ofMinutes(10), clock),
                    clock, Duration.ofSeconds(30), "sparks:admin", "permissions",
                "https://sparks.dev/customer_id");
            EmbeddedIssuer.SigningKey revoked = rotating.rotate();
            String signedWithRevoked = rotating.sign(rotating.claims("auth0|alice", AUDIENCE, NOW, Duration.ofHours(1)));
            assertThat(verifying.verify(signedWithRevoked).subject()).isEqualTo("auth0|alice");

            rotating.rotate();
            rotating.retire(revoked.kid());
            String signedWithCurrent = rotating.sign(rotating.claims("auth0|bob", AUDIENCE, NOW, Duration.ofHours(1)));
            clock.advance(Duration.ofMinutes(9));
            assertThat(verifying.verify(signedWithRevoked).subject()).isEqualTo("auth0|alice");

            clock.advance(Duration.ofMinutes(2));
            assertThatThrownBy(() -> verifying.verify(signedWithRevoked))
                    .isInstanceOf(InvalidTokenException.class)
                    .hasMessageContaining("Unknown signing key");
            assertThat(verifying.verify(signedWithCurrent).subject()).isEqualTo("auth0|bob");
        }
    }

    private void assertRefused(String token, String reason) {
        assertThatThrownBy(() -> verifier.verify(token))
                .isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining(reason);
    }
}
