package dev.sparks.platform.config;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sparks.platform.*}: settings every service shares.
 *
 * @param serviceName    the name written as {@code producer} on every event this service emits;
 *                       defaults to {@code spring.application.name}
 * @param instanceId     names this instance's Kafka transactional ids; must be unique among
 *                       running instances and stable across restarts of one (a pod name), so a
 *                       restart fences the crashed run's open transactions; defaults to the host
 *                       name, or {@code local} when it is unknown
 * @param apiKeys        bearer keys accepted on the service's API; none configured means every API
 *                       call is refused (health and metrics stay open)
 * @param selfAuthenticatedPaths path prefixes the platform's key check skips because the service
 *                       authenticates them itself (signed webhooks, per-app keys)
 * @param outbox         how the outbox relay polls
 * @param kafka          topic provisioning
 * @param auth           access tokens of an identity provider (Auth0), accepted besides the API
 *                       keys when an issuer is set; off by default
 * @param clock          where business time comes from: the system clock unless pinned
 */
public record PlatformProperties(
        String serviceName,
        String instanceId,
        @DefaultValue List<String> apiKeys,
        @DefaultValue List<String> selfAuthenticatedPaths,
        @DefaultValue Outbox outbox,
        @DefaultValue Kafka kafka,
        @DefaultValue Auth auth,
        @DefaultValue Clock clock) {

    /** {@code <purpose>-<instanceId>-}: the transactional-id prefix of one producer pool of this instance. */
    public String transactionalIdPrefix(String purpose) {
        return purpose + "-" + instanceId + "-";
    }

    /**
     * @param pollInterval how often the relay looks for unpublished rows when nobody woke it
     * @param batchSize    rows published per relay transaction
     */
    public record Outbox(@DefaultValue("200ms") Duration pollInterval, @DefaultValue("500") int batchSize) {}

    /**
     * @param replicationFactor replicas per topic; 0 means the broker's default.replication.factor
     * @param consumerConcurrency listener threads per consuming stage
     */
    public record Kafka(@DefaultValue("0") short replicationFactor, @DefaultValue("3") int consumerConcurrency) {}

    /**
     * @param issuer             the tenant URL exactly as tokens carry it in {@code iss}, e.g.
     *                           {@code https://sparks.eu.auth0.com/}; empty turns tokens off
     * @param audience           the API identifier tokens must name in {@code aud}
     * @param adminPermission    the RBAC permission that makes a token's caller an admin
     * @param permissionsClaim   the claim listing the caller's RBAC permissions; the only one read
     *                           for admin rights ({@code scope} is what the client asked for)
     * @param customerIdClaim    custom claim carrying the Sparks customer id, when the tenant adds it
     * @param jwksMinRefresh     least time between two JWKS fetches caused by unknown key ids
     * @param jwksCacheTtl       how long fetched keys are trusted; a key the issuer stopped
     *                           publishing is refused at the latest this long after
     * @param clockSkew          tolerance on {@code exp} and {@code nbf}
     */
    public record Auth(
            @DefaultValue("") String issuer,
            @DefaultValue("https://api.sparks.dev") String audience,
            @DefaultValue("sparks:admin") String adminPermission,
            @DefaultValue("permissions") String permissionsClaim,
            @DefaultValue("https://sparks.dev/customer_id") String customerIdClaim,
            @DefaultValue("30s") Duration jwksMinRefresh,
            @DefaultValue("10m") Duration jwksCacheTtl,
            @DefaultValue("30s") Duration clockSkew) {

        public boolean enabled() {
            return issuer != null && !issuer.isBlank();
        }

        /** Auth0 serves a tenant's keys at {@code <issuer>.well-known/jwks.json}. */
        public java.net.URI jwksUri() {
            return java.net.URI.create(issuer.endsWith("/") ? issuer : issuer + "/").resolve(".well-known/jwks.json");
        }
    }

    /**
     * Business time. Unset, it is the system clock. Pinned, it runs from {@code at} (reached at the
     * real instant {@code anchor}, by default when the service starts) at {@code rate} times real
     * speed; the local stack gives every service the same pin and anchor so they agree.
     *
     * @param at         the virtual instant at {@code anchor}, e.g. {@code 2027-02-28T23:59:30Z}
     * @param anchor     the real instant {@code at} stands for; the start of the service if unset
     * @param rate       virtual seconds per real second
     * @param adjustable whether {@code PUT /v1/admin/clock} may move it (local stacks and tests only)
     */
    public record Clock(java.time.Instant at, java.time.Instant anchor, @DefaultValue("1") java.math.BigDecimal rate,
            @DefaultValue("false") boolean adjustable) {}
}
