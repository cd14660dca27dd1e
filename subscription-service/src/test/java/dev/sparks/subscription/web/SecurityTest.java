package dev.sparks.subscription.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.embedded.EmbeddedIssuer;
import dev.sparks.subscription.ServiceTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who may call what: tokens of the wrong issuer, audience or key, or expired, are refused on
 * every route; a customer never reaches another customer's data (404, as if it did not exist);
 * admin routes need the admin permission; the service API key still works as admin.
 */
class SecurityTest extends ServiceTestSupport {

    private static final String ALICE = "alice-sec";
    private static final String BOB = "bob-sec";

    @BeforeEach
    void customers() {
        CLOCK.set(Instant.parse("2026-10-15T12:00:00Z"));
        admin("PUT", "/v1/customers/" + ALICE, "{\"email\":\"alice@example.com\"}");
        admin("PUT", "/v1/customers/" + BOB, "{\"email\":\"bob@example.com\"}");
    }

    /** Every customer-facing route, naming Bob, as Alice would try it. */
    static Stream<Arguments> routesNamingBob() {
        return Stream.of(
                Arguments.of("GET", "/v1/customers/" + BOB + "/usage/current", null),
                Arguments.of("PUT", "/v1/customers/" + BOB, "{\"email\":\"mallory@example.com\"}"),
                Arguments.of("POST", "/api/billing/subscribe", "{\"customer_id\":\"" + BOB + "\",\"plan\":\"starter\"}"),
                Arguments.of("GET", "/api/billing/subscription?customer_id=" + BOB, null),
                Arguments.of("PUT", "/api/billing/upgrade", "{\"customer_id\":\"" + BOB + "\",\"plan\":\"pro\"}"),
                Arguments.of("PUT", "/api/billing/downgrade", "{\"customer_id\":\"" + BOB + "\",\"plan\":\"free\"}"),
                Arguments.of("DELETE", "/api/billing/cancel?customer_id=" + BOB, null),
                Arguments.of("POST", "/subscriptions/update", "{\"customer_id\":\"" + BOB + "\",\"tier\":\"pro\"}"),
                Arguments.of("POST", "/api/billing/pause", "{\"customer_id\":\"" + BOB + "\"}"),
                Arguments.of("POST", "/api/billing/resume", "{\"customer_id\":\"" + BOB + "\"}"),
                Arguments.of("GET", "/api/features/available?customer_id=" + BOB, null),
                Arguments.of("POST", "/api/features/check", "{\"customer_id\":\"" + BOB + "\",\"feature\":\"chatbots\"}"),
                Arguments.of("GET", "/api/usage/current?customer_id=" + BOB, null),
                Arguments.of("GET", "/api/usage/limits?customer_id=" + BOB, null),
                Arguments.of("POST", "/v1/quota/authorize", "{\"customer_id\":\"" + BOB + "\",\"sparks\":1}"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("routesNamingBob")
    void aCustomerNeverReachesAnotherCustomersData(String method, String path, String body) {
        Response response = call(method, path, customerToken("auth0|alice", ALICE), body);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body().toString()).doesNotContain("bob@example.com");
        Response bob = admin("GET", "/api/billing/subscription?customer_id=" + BOB, null);
        assertThat(bob.body().get("plan").asString()).isEqualTo("free");
        assertThat(bob.body().get("state").asString()).isEqualTo("active");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("routesNamingBob")
    void everyRouteRefusesBadTokens(String method, String path, String body) {
        for (String token : badTokens()) {
            Response response = call(method, path, token, body);
            assertThat(response.status()).as(token).isEqualTo(401);
            assertThat(response.body().get("title").asString()).isEqualTo("Unauthorized");
        }
        assertThat(call(method, path, null, body).status()).isEqualTo(401);
    }

    @Test
    void theReasonATokenWasRefusedIsSaid() {
        List<String> bad = badTokens();
        assertThat(call("GET", "/api/usage/current", bad.get(0), null).body().get("detail").asString()).contains("Issuer");
        assertThat(call("GET", "/api/usage/current", bad.get(1), null).body().get("detail").asString()).contains("audience");
        assertThat(call("GET", "/api/usage/current", bad.get(2), null).body().get("detail").asString()).contains("signature");
        assertThat(call("GET", "/api/usage/current", bad.get(3), null).body().get("detail").asString()).contains("expired");
    }

    @Test
    void aCustomerReadsItsOwnDataWithoutNamingItself() {
        Response usage = call("GET", "/api/usage/current", customerToken("auth0|alice", ALICE), null);
        assertThat(usage.status()).isEqualTo(200);
        assertThat(usage.body().get("customer_id").asString()).isEqualTo(ALICE);
        assertThat(call("GET", "/v1/customers/" + ALICE + "/usage/current", customerToken("auth0|alice", ALICE), null).status())
                .isEqualTo(200);
    }

    @Test
    void aLoginWithoutACustomerClaimIsResolvedThroughItsLinkAndSubscribingCreatesOne() {
        String subject = "auth0|" + newCustomerId("linked");
        assertThat(call("GET", "/api/usage/current", customerToken(subject, null), null).status()).isEqualTo(404);

        Response subscribed = call("POST", "/api/billing/subscribe", customerToken(subject, null), "{\"plan\":\"starter\"}");
        assertThat(subscribed.status()).isEqualTo(201);
        String created = subscribed.body().get("customer_id").asString();
        assertThat(created).startsWith("cus_");

        Response usage = call("GET", "/api/usage/current", customerToken(subject, null), null);
        assertThat(usage.body().get("customer_id").asString()).isEqualTo(created);
        assertThat(usage.body().get("plan").asString()).isEqualTo("starter");
    }

    @Test
    void adminRoutesNeedTheAdminPermissionAndTheApiKeyStillWorks() {
        String customerToken = customerToken("auth0|alice", ALICE);
        for (String path : List.of("/v1/admin/plans", "/v1/admin/usage/accounted?month=2026-10",
                "/v1/admin/customers/" + ALICE + "/audit")) {
            assertThat(call("GET", path, customerToken, null).status()).as(path).isEqualTo(403);
            assertThat(call("GET", path, adminToken(), null).status()).as(path).isEqualTo(200);
            assertThat(call("GET", path, apiKey(), null).status()).as(path).isEqualTo(200);
        }
        assertThat(call("PUT", "/v1/admin/plans/free/features/chatbots", customerToken,
                "{\"enabled\":true,\"usage_limit\":1000}").status()).isEqualTo(403);
        assertThat(call("GET", "/v1/plans", customerToken, null).status()).isEqualTo(200);
    }

    @Test
    void anAdminEditsTheCatalogAndTheAnnualSavingIsShown() {
        Response saved = call("PUT", "/v1/admin/plans/team", adminToken(), """
                {"display_name":"Team","tier":5,"monthly_price_minor":19900,"included_sparks":3000000,
                 "overage":"billed","trial_period":"P14D","features":[{"feature":"chatbots","enabled":true,"usage_limit":50}]}""");
        assertThat(saved.status()).isEqualTo(200);
        assertThat(saved.body().get("annual_price").decimalValue()).isEqualByComparingTo("2029.80");
        assertThat(saved.body().get("annual_saving").decimalValue()).isEqualByComparingTo("358.20");

        Response invalid = call("PUT", "/v1/admin/plans/broken", adminToken(),
                "{\"display_name\":\"B\",\"tier\":6,\"monthly_price_minor\":100,\"included_sparks\":1,\"overage\":\"maybe\"}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body().get("field").asString()).isEqualTo("overage");
        Response free = call("GET", "/v1/plans", adminToken(), null);
        assertThat(free.body().get(0).get("plan_id").asString()).isEqualTo("free");
        assertThat(free.body().get(0).get("included_sparks").decimalValue()).isEqualByComparingTo("10000");
    }

    /** Wrong issuer, wrong audience, wrong key, expired: each otherwise a valid token for Alice. */
    private static List<String> badTokens() {
        Instant now = CLOCK.instant();
        Map<String, Object> wrongIssuer = aliceClaims(now);
        wrongIssuer.put("iss", "https://evil.example/");
        Map<String, Object> wrongAudience = aliceClaims(now);
        wrongAudience.put("aud", "https://api.other.example");
        String wrongKey = EmbeddedIssuer.sign(EmbeddedIssuer.newKey("key-1"), "RS256", aliceClaims(now));
        String expired = ISSUER.sign(new HashMap<>(ISSUER.claims("auth0|alice", AUDIENCE, now.minus(Duration.ofHours(2)),
                Duration.ofHours(1))));
        return List.of(ISSUER.sign(wrongIssuer), ISSUER.sign(wrongAudience), wrongKey, expired);
    }

    private static Map<String, Object> aliceClaims(Instant now) {
        Map<String, Object> claims = new HashMap<>(ISSUER.claims("auth0|alice", AUDIENCE, now, Duration.ofHours(1)));
        claims.put("https://sparks.dev/customer_id", ALICE);
        return claims;
    }
}
