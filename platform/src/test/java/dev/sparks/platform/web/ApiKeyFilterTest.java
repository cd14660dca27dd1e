package dev.sparks.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.embedded.EmbeddedIssuer;
import dev.sparks.platform.web.auth.Jwks;
import dev.sparks.platform.web.auth.JwtVerifier;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The filter judges the path the request is routed to, not the raw URI: the servlet container
 * decodes {@code %61} to {@code a}, merges {@code //}, drops {@code ;params} and resolves {@code ..}
 * before it picks a controller, so every spelling below reaches the endpoint it names.
 */
class ApiKeyFilterTest {

    private static final String AUDIENCE = "https://api.sparks.test";
    private static final String API_KEY = "test-key";

    private static EmbeddedIssuer issuer;
    private static ApiKeyFilter filter;

    @BeforeAll
    static void filter() {
        issuer = EmbeddedIssuer.start(0);
        Clock clock = Clock.systemUTC();
        JwtVerifier tokens = new JwtVerifier(issuer.issuer(), AUDIENCE,
                new Jwks(URI.create(issuer.issuer() + ".well-known/jwks.json"),
                        Duration.ofSeconds(30), Duration.ofMinutes(10), clock),
                clock, Duration.ofSeconds(30), "sparks:admin", "permissions",
                "https://sparks.dev/customer_id");
        filter = new ApiKeyFilter(List.of(API_KEY), List.of("/actuator/health", "/error", "/v1/webhooks/"), tokens);
    }

    @AfterAll
    static void stopIssuer() {
        issuer.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/actuator/health/../../v1/usage",
            "/actuator/health/%2e%2e/%2e%2e/v1/usage",
            "/actuator/health/%2E%2E/%2E%2E/v1/admin/customers",
            "/actuator/health;/../../v1/usage",
            "/actuator/health/..;/..;/v1/usage",
            "/actuator/health%2F..%2F..%2Fv1/usage",
            "/actuator/health\\..\\..\\v1/usage",
            "/error/../v1/admin/customers",
            "/v1/webhooks/../admin/customers",
            "/v1/webhooks/%2e%2e/admin/customers"})
    void aPathThatOnlyLooksOpenStillNeedsACredential(String uri) {
        assertThat(call(uri, null)).isEqualTo(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/v1/admin/customers",
            "/v1/%61dmin/customers",
            "/v1/%61%64%6d%69%6e/customers",
            "//v1/admin/customers",
            "/v1//admin/customers",
            "/v1/./admin/customers",
            "/v1/usage/../admin/customers",
            "/v1;x=y/admin/customers",
            "/v1/admin;x=y/customers",
            "/v1/admin%2Fcustomers",
            "/v1/admin"})
    void anAdminPathHoweverSpelledNeedsAKeyAndRefusesACustomer(String uri) {
        assertThat(call(uri, null)).isEqualTo(401);
        assertThat(call(uri, customerToken())).isEqualTo(403);
        assertThat(call(uri, API_KEY)).isEqualTo(200);
    }

    @Test
    void openPathsStayOpenAndCustomersReachTheirOwnPaths() {
        assertThat(call("/actuator/health", null)).isEqualTo(200);
        assertThat(call("/actuator/health/liveness", null)).isEqualTo(200);
        assertThat(call("/v1/webhooks/livekit", null)).isEqualTo(200);
        assertThat(call("/v1/usage", null)).isEqualTo(401);
        assertThat(call("/v1/usage", customerToken())).isEqualTo(200);
        assertThat(call("/v1/administrators", customerToken())).isEqualTo(200);
    }

    /** The status the filter answers with, or 200 when it passed the request on. */
    private static int call(String rawUri, String bearer) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", rawUri);
        request.setRequestURI(rawUri);
        if (bearer != null) {
            request.addHeader("Authorization", "Bearer " + bearer);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        try {
            filter.doFilter(request, response, chain);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return chain.getRequest() != null ? 200 : response.getStatus();
    }

    private static String customerToken() {
        return issuer.sign(issuer.claims("auth0|alice", AUDIENCE, Instant.now(), Duration.ofHours(1)));
    }
}
