package dev.sparks.console.billing;

import dev.sparks.console.ConsoleProperties;
import dev.sparks.console.api.Parallel;
import dev.sparks.console.api.ServiceClient;
import dev.sparks.console.api.ServiceException;
import dev.sparks.console.billing.BillingShapes.Subscription;
import dev.sparks.console.billing.BillingShapes.Upcoming;
import dev.sparks.console.billing.BillingShapes.UsageReport;
import dev.sparks.console.billing.BillingShapes.UsageStatus;
import dev.sparks.console.signin.SignedInUser;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;
import org.springframework.stereotype.Service;

/**
 * What the billing overview shows, gathered from subscription-service (plan, state, quota period
 * usage) and invoicing-service (usage by category, the next invoice), all with the user's token:
 * the services pick the customer from it, so the console never names one.
 */
@Service
class BillingOverview {

    record Overview(Subscription subscription, UsageStatus usage, Meter sparks, List<Meter> categories,
            UsageReport report, Optional<Upcoming> upcoming) {}

    private final ServiceClient client;
    private final ConsoleProperties.Services services;

    BillingOverview(ServiceClient client, ConsoleProperties properties) {
        this.client = client;
        this.services = properties.services();
    }

    Overview of(SignedInUser user) {
        String token = user.accessToken();
        try (Parallel calls = new Parallel()) {
            Future<Subscription> subscription = calls.submit(() ->
                    client.get(services.subscription(), "/api/billing/subscription", token, Subscription.class));
            Future<UsageStatus> usage = calls.submit(() ->
                    client.get(services.subscription(), "/api/usage/current", token, UsageStatus.class));
            Future<UsageReport> report = calls.submit(() ->
                    client.get(services.invoicing(), "/v1/usage/report", token, UsageReport.class));
            Future<Optional<Upcoming>> upcoming = calls.submit(() -> upcoming(token));
            UsageStatus status = Parallel.join(usage);
            UsageReport byCategory = Parallel.join(report);
            Meter sparks = Meter.of("Sparks this period", status.usedSparks(), status.includedSparks());
            // Each category against the plan's included Sparks: the allowance is shared, not split per category.
            List<Meter> categories = byCategory.categories() == null ? List.of() : byCategory.categories().stream()
                    .map(category -> Meter.of(category.category(), category.sparks(), status.includedSparks())).toList();
            return new Overview(Parallel.join(subscription), status, sparks, categories, byCategory, Parallel.join(upcoming));
        }
    }

    private Optional<Upcoming> upcoming(String token) {
        try {
            return Optional.of(client.get(services.invoicing(), "/v1/invoices/upcoming", token, Upcoming.class));
        } catch (ServiceException e) {
            if (e.notFound()) {
                return Optional.empty(); // nothing billed yet
            }
            throw e;
        }
    }
}
