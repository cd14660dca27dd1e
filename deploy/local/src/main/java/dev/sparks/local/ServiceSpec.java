package dev.sparks.local;

import java.util.List;

/** One Sparks service as the local stack runs it: its module (and jar), database and port. */
public record ServiceSpec(String module, String database, int port) {

    public static final List<ServiceSpec> ALL = List.of(
            new ServiceSpec("usage-ingest-service", "sparks_ingest", 8081),
            new ServiceSpec("rating-service", "sparks_rating", 8082),
            new ServiceSpec("subscription-service", "sparks_subscription", 8083),
            new ServiceSpec("invoicing-service", "sparks_invoicing", 8084),
            new ServiceSpec("payment-gateway-service", "sparks_payment", 8085),
            new ServiceSpec("notification-service", "sparks_notification", 8086));

    public String url() {
        return "http://localhost:" + port;
    }

    public static ServiceSpec named(String module) {
        return ALL.stream().filter(spec -> spec.module().equals(module)).findFirst().orElseThrow();
    }
}
