package dev.sparks.subscription.web;

import dev.sparks.platform.web.Caller;
import dev.sparks.subscription.quota.QuotaAuthorizer;
import dev.sparks.subscription.quota.QuotaAuthorizer.Answer;
import dev.sparks.subscription.quota.QuotaStatus;
import dev.sparks.subscription.ratelimit.RateLimits;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Real-time quotas: authorization for apps, usage and limits, feature checks. */
@RestController
class QuotaController {

    private final QuotaAuthorizer authorizer;
    private final QuotaStatus status;
    private final RateLimits rateLimits;
    private final CallerCustomers callers;
    private final MeterRegistry meters;

    QuotaController(QuotaAuthorizer authorizer, QuotaStatus status, RateLimits rateLimits, CallerCustomers callers,
            MeterRegistry meters) {
        this.authorizer = authorizer;
        this.status = status;
        this.rateLimits = rateLimits;
        this.callers = callers;
        this.meters = meters;
    }

    record AuthorizeRequest(String customerId, BigDecimal sparks, String feature, BigDecimal quantity) {}

    record AuthorizeResponse(String decision, String reason, String metric, BigDecimal requested, BigDecimal used,
            BigDecimal reserved, BigDecimal limit, String reservationId, Long retryAfter) {

        static AuthorizeResponse of(Answer answer) {
            return new AuthorizeResponse(answer.decision().name().toLowerCase(), answer.reason(), answer.metric(),
                    answer.requested(), answer.used(), answer.reserved(), answer.limit(),
                    answer.reservationId() == null ? null : answer.reservationId().toString(), answer.retryAfter());
        }
    }

    record FeatureCheckRequest(String customerId, String feature, BigDecimal quantity) {}

    record FeatureCheck(String feature, boolean allowed, String reason, boolean enabled, BigDecimal usageLimit,
            BigDecimal used) {}

    /**
     * {sparks} or {feature, quantity (default 1)}: allow, allow_with_warning or deny, reserving what is
     * allowed. Always 200 with the decision, including a deny for the customer's rate limit (reason
     * {@code rate_limited}), which also says {@code retry_after} in seconds and in a Retry-After header.
     */
    @PostMapping("/v1/quota/authorize")
    ResponseEntity<AuthorizeResponse> authorize(Caller caller, @RequestBody AuthorizeRequest request) {
        String customerId = callers.resolve(caller, BillingController.required("customer_id", request.customerId()));
        if ((request.sparks() == null) == (request.feature() == null)) {
            throw new InvalidFieldException("sparks", "Give either sparks or feature");
        }
        if (request.sparks() != null && request.sparks().signum() < 0) {
            throw new InvalidFieldException("sparks", "Must not be negative");
        }
        BigDecimal quantity = request.quantity() == null ? BigDecimal.ONE : request.quantity();
        if (quantity.signum() < 0) {
            throw new InvalidFieldException("quantity", "Must not be negative");
        }
        Timer.Sample started = Timer.start(meters);
        AuthorizeResponse response = AuthorizeResponse.of(authorizer.authorize(
                new QuotaAuthorizer.Request(customerId, request.sparks(), request.feature(), quantity)));
        // A histogram (sparks_quota_authorize_seconds_bucket{decision}) so that percentiles can be
        // aggregated across instances; apps call this in their request path, so its tail matters.
        started.stop(Timer.builder("sparks.quota.authorize").description("Quota authorization decisions")
                .tag("decision", response.decision())
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(2))
                .register(meters));
        ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
        if (response.retryAfter() != null) {
            ok.header(HttpHeaders.RETRY_AFTER, response.retryAfter().toString());
        }
        return ok.body(response);
    }

    @GetMapping("/api/usage/current")
    QuotaStatus.Status current(Caller caller, @RequestParam(name = "customer_id", required = false) String customerId) {
        return status.of(callers.resolve(caller, customerId));
    }

    record Limits(String customerId, String plan, BigDecimal includedSparks, String overage, BigDecimal gracePercent,
            String quotaPeriod, Map<String, QuotaStatus.FeatureUsage> features, Views.RateLimitView rateLimit) {}

    @GetMapping("/api/usage/limits")
    Limits limits(Caller caller, @RequestParam(name = "customer_id", required = false) String customerId) {
        QuotaStatus.Status now = status.of(callers.resolve(caller, customerId));
        return new Limits(now.customerId(), now.plan(), now.includedSparks(), now.overage(), now.gracePercent(),
                now.period().start() + "/" + now.period().end(), now.features(),
                Views.RateLimitView.of(rateLimits.effective(now.customerId())));
    }

    @GetMapping("/api/features/available")
    Map<String, QuotaStatus.FeatureUsage> available(Caller caller,
            @RequestParam(name = "customer_id", required = false) String customerId) {
        return status.of(callers.resolve(caller, customerId)).features();
    }

    /** Whether the customer may use {@code feature} for {@code quantity} (default 1) more; reserves nothing. */
    @PostMapping("/api/features/check")
    FeatureCheck check(Caller caller, @RequestBody FeatureCheckRequest request) {
        String feature = BillingController.required("feature", request.feature());
        QuotaStatus.Status now = status.of(callers.resolve(caller, request.customerId()));
        QuotaStatus.FeatureUsage usage = now.features().get(feature);
        if (usage == null || !usage.enabled()) {
            return new FeatureCheck(feature, false, "Not in the plan", false, null, BigDecimal.ZERO);
        }
        BigDecimal quantity = request.quantity() == null ? BigDecimal.ONE : request.quantity();
        boolean allowed = usage.usageLimit() == null || usage.used().add(quantity).compareTo(usage.usageLimit()) <= 0;
        return new FeatureCheck(feature, allowed, allowed ? "Allowed" : "Limit reached", true, usage.usageLimit(), usage.used());
    }
}
