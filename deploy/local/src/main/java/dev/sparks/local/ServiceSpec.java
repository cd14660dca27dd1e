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

    /** Further instances listen {@value #INSTANCE_PORT_STEP} ports up per instance: 8181, 8281, ... */
    static final int INSTANCE_PORT_STEP = 100;

    public String url() {
        return "http://localhost:" + port;
    }

    /** Instance {@code n} (1 is this one) of the same service: its own port, log and Kafka ids. */
    ServiceSpec instance(int n) {
        return new ServiceSpec(module, database, named(module).port() + (n - 1) * INSTANCE_PORT_STEP);
    }

    boolean isFirstInstance() {
        return port == named(module).port();
    }

    /** {@code <module>.log}, {@code <module>-<port>.log} for a further instance. */
    String logName() {
        return isFirstInstance() ? module + ".log" : module + "-" + port + ".log";
    }

    public static ServiceSpec named(String module) {
        return ALL.stream().filter(spec -> spec.module().equals(module)).findFirst().orElseThrow();
    }
}
