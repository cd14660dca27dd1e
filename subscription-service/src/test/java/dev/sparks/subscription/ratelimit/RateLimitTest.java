package dev.sparks.subscription.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.subscription.ServiceTestSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Per-customer rate limits on {@code POST /v1/quota/authorize}: a token bucket per customer in
 * PostgreSQL, the plan's default or the customer's own (set by admins), refilled by the clock.
 */
class RateLimitTest extends ServiceTestSupport {

    private static final Instant NOW = Instant.parse("2026-10-15T12:00:00Z");

    @BeforeEach
    void resetClock() {
        CLOCK.set(NOW);
    }

    private String customer(String prefix, String plan) {
        String customer = newCustomerId(prefix);
        assertThat(admin("PUT", "/v1/customers/" + customer, "{\"email\":\"a@b.example\"}").status()).isEqualTo(200);
        if (!plan.equals("free")) {
            assertThat(admin("POST", "/api/billing/subscribe",
                    "{\"customer_id\":\"" + customer + "\",\"plan\":\"" + plan + "\",\"trial\":false}").status())
                    .isEqualTo(201);
        }
        return customer;
    }

    private Response setLimit(String customer, String json) {
        return admin("PUT", "/v1/admin/customers/" + customer + "/rate-limit", json);
    }

    private Response authorize(String customer) {
        return admin("POST", "/v1/quota/authorize", "{\"customer_id\":\"" + customer + "\",\"sparks\":1}");
    }

    private String decision(String customer) {
        return authorize(customer).body().get("decision").asString();
    }

    @Test
    void withinTheLimitCallsAreAllowedAndBeyondTheBurstTheyAreDeniedWithWhenToRetry() {
        String customer = customer("burst", "enterprise");
        assertThat(setLimit(customer, "{\"requests\":1,\"per\":\"minute\",\"burst\":3}").status()).isEqualTo(200);

        for (int call = 0; call < 3; call++) {
            Response allowed = authorize(customer);
            assertThat(allowed.body().get("decision").asString()).isEqualTo("allow");
            assertThat(allowed.body().get("retry_after").isNull()).isTrue();
        }
        Response denied = authorize(customer);
        assertThat(denied.status()).isEqualTo(200);
        assertThat(denied.body().get("decision").asString()).isEqualTo("deny");
        assertThat(denied.body().get("reason").asString()).isEqualTo("rate_limited");
        assertThat(denied.body().get("retry_after").asLong()).isEqualTo(60);
        assertThat(denied.body().get("reservation_id").isNull()).isTrue();
        assertThat(denied.body().get("reserved").decimalValue()).isEqualByComparingTo("3"); // the three allowed, no more
        assertThat(retryAfterHeader(customer)).isEqualTo("60");
    }

    @Test
    void theBucketRefillsAsTheClockMoves() {
        String customer = customer("refill", "enterprise");
        setLimit(customer, "{\"requests\":1,\"per\":\"minute\",\"burst\":1}");
        assertThat(decision(customer)).isEqualTo("allow");

        CLOCK.advance(Duration.ofSeconds(45));
        assertThat(authorize(customer).body().get("retry_after").asLong()).isEqualTo(15);
        CLOCK.advance(Duration.ofSeconds(15));
        assertThat(decision(customer)).isEqualTo("allow");
        assertThat(decision(customer)).isEqualTo("deny");

        // Per second, refilled continuously: half a second brings back one of two per second.
        setLimit(customer, "{\"requests\":2,\"per\":\"second\",\"burst\":2}");
        CLOCK.advance(Duration.ofMinutes(10)); // full again, capped at the burst
        assertThat(decision(customer)).isEqualTo("allow");
        assertThat(decision(customer)).isEqualTo("allow");
        assertThat(authorize(customer).body().get("retry_after").asLong()).isEqualTo(1);
        CLOCK.advance(Duration.ofMillis(500));
        assertThat(decision(customer)).isEqualTo("allow");
        assertThat(decision(customer)).isEqualTo("deny");
    }

    @Test
    void oneCustomersLimitDoesNotTouchAnothers() {
        String busy = customer("busy", "enterprise");
        String quiet = customer("quiet", "enterprise");
        setLimit(busy, "{\"requests\":1,\"per\":\"minute\",\"burst\":1}");
        setLimit(quiet, "{\"requests\":1,\"per\":\"minute\",\"burst\":1}");

        assertThat(decision(busy)).isEqualTo("allow");
        assertThat(decision(busy)).isEqualTo("deny");
        assertThat(decision(quiet)).isEqualTo("allow");
        assertThat(decision(quiet)).isEqualTo("deny");
    }

    @Test
    void thePlansDefaultAppliesUntilAnAdminSetsTheCustomersOwnAndAgainOnceItIsCleared() {
        String customer = customer("default", "free"); // free: 10 per second, burst 20
        Response shown = admin("GET", "/v1/admin/customers/" + customer + "/rate-limit", null);
        assertThat(shown.body().get("requests").asInt()).isEqualTo(10);
        assertThat(shown.body().get("per").asString()).isEqualTo("second");
        assertThat(shown.body().get("burst").asInt()).isEqualTo(20);
        assertThat(shown.body().get("source").asString()).isEqualTo("plan");
        for (int call = 0; call < 20; call++) {
            assertThat(decision(customer)).as("call %d", call).isIn("allow", "allow_with_warning");
        }
        assertThat(authorize(customer).body().get("reason").asString()).isEqualTo("rate_limited");

        Response set = setLimit(customer, "{\"requests\":100,\"per\":\"second\"}");
        assertThat(set.body().get("burst").asInt()).isEqualTo(100); // burst defaults to one period's requests
        assertThat(set.body().get("source").asString()).isEqualTo("customer");
        CLOCK.advance(Duration.ofSeconds(1));
        for (int call = 0; call < 30; call++) {
            assertThat(authorize(customer).body().get("reason").asString()).as("call %d", call).isNotEqualTo("rate_limited");
        }
        Response limits = admin("GET", "/api/usage/limits?customer_id=" + customer, null);
        assertThat(limits.body().get("rate_limit").get("requests").asInt()).isEqualTo(100);

        Response cleared = admin("DELETE", "/v1/admin/customers/" + customer + "/rate-limit", null);
        assertThat(cleared.status()).isEqualTo(200);
        assertThat(cleared.body().get("source").asString()).isEqualTo("plan");
        // The bucket keeps what is left in it, capped at the plan's burst of 20.
        for (int call = 0; call < 20; call++) {
            assertThat(authorize(customer).body().get("reason").asString()).as("call %d", call).isNotEqualTo("rate_limited");
        }
        assertThat(authorize(customer).body().get("reason").asString()).isEqualTo("rate_limited");
    }

    @Test
    void badLimitsAreRefusedNamingTheField() {
        String customer = customer("invalid", "enterprise");
        assertThat(setLimit(customer, "{\"per\":\"second\"}").body().get("field").asString()).isEqualTo("requests");
        Response per = setLimit(customer, "{\"requests\":5,\"per\":\"hour\"}");
        assertThat(per.status()).isEqualTo(400);
        assertThat(per.body().get("field").asString()).isEqualTo("per");
        assertThat(setLimit(customer, "{\"requests\":5,\"per\":\"second\",\"burst\":0}").body().get("field").asString())
                .isEqualTo("burst");
        assertThat(setLimit(customer, "{\"requests\":-1,\"per\":\"second\"}").body().get("field").asString())
                .isEqualTo("requests");
        assertThat(setLimit("nobody-" + customer, "{\"requests\":5,\"per\":\"second\"}").status()).isEqualTo(404);

        Response plan = admin("PUT", "/v1/admin/plans/rl-broken", """
                {"display_name":"B","tier":7,"monthly_price_minor":100,"included_sparks":1,"overage":"billed",
                 "rate_limit":{"requests":5,"per":"fortnight"}}""");
        assertThat(plan.status()).isEqualTo(400);
        assertThat(plan.body().get("field").asString()).isEqualTo("rate_limit.per");
    }

    @Test
    void aPlanCarriesItsDefaultRateLimit() {
        Response saved = admin("PUT", "/v1/admin/plans/rl-team", """
                {"display_name":"RL Team","tier":8,"monthly_price_minor":19900,"included_sparks":3000000,
                 "overage":"billed","rate_limit":{"requests":600,"per":"minute","burst":50}}""");
        assertThat(saved.status()).isEqualTo(200);
        assertThat(saved.body().get("rate_limit").get("requests").asInt()).isEqualTo(600);
        assertThat(saved.body().get("rate_limit").get("per").asString()).isEqualTo("minute");
        assertThat(saved.body().get("rate_limit").get("burst").asInt()).isEqualTo(50);

        String customer = customer("team", "rl-team");
        for (int call = 0; call < 50; call++) {
            assertThat(authorize(customer).body().get("reason").asString()).as("call %d", call).isNotEqualTo("rate_limited");
        }
        assertThat(authorize(customer).body().get("retry_after").asLong()).isEqualTo(1); // 10 per second
    }

    @Test
    void onlyAdminsSeeOrChangeALimit() {
        String customer = customer("guarded", "enterprise");
        String token = customerToken("auth0|" + customer, customer);
        String path = "/v1/admin/customers/" + customer + "/rate-limit";
        assertThat(call("PUT", path, token, "{\"requests\":100000,\"per\":\"second\"}").status()).isEqualTo(403);
        assertThat(call("DELETE", path, token, null).status()).isEqualTo(403);
        assertThat(call("GET", path, token, null).status()).isEqualTo(403);
        assertThat(call("PUT", path, null, "{\"requests\":100000,\"per\":\"second\"}").status()).isEqualTo(401);
        assertThat(admin("GET", path, null).body().get("source").asString()).isEqualTo("plan");

        assertThat(call("PUT", path, adminToken(), "{\"requests\":7,\"per\":\"minute\"}").status()).isEqualTo(200);
        assertThat(admin("GET", path, null).body().get("requests").asInt()).isEqualTo(7);
    }

    @Test
    void concurrentCallsNeverGetMoreThanTheBucketHolds() throws Exception {
        String customer = customer("concurrent", "enterprise");
        setLimit(customer, "{\"requests\":1,\"per\":\"minute\",\"burst\":10}");
        int threads = 50;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Response>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return authorize(customer);
                }));
            }
            start.countDown();
            int allowed = 0;
            int limited = 0;
            for (Future<Response> answer : answers) {
                Response response = answer.get();
                assertThat(response.status()).isEqualTo(200);
                if (response.body().get("decision").asString().equals("allow")) {
                    allowed++;
                } else if (response.body().get("reason").asString().equals("rate_limited")) {
                    limited++;
                }
            }
            assertThat(allowed).isEqualTo(10);
            assertThat(limited).isEqualTo(40);
        } finally {
            pool.shutdownNow();
        }
        Response after = authorize(customer);
        assertThat(after.body().get("reason").asString()).isEqualTo("rate_limited");
        assertThat(after.body().get("reserved").decimalValue()).isEqualByComparingTo("10");
    }

    /** The header, which {@link #call} does not keep. */
    private String retryAfterHeader(String customer) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/quota/authorize"))
                .header("Authorization", "Bearer " + apiKey()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"customer_id\":\"" + customer + "\",\"sparks\":1}")).build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request, HttpResponse.BodyHandlers.ofString()).headers().firstValue("Retry-After").orElse(null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
