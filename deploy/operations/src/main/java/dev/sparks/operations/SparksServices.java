package dev.sparks.operations;

import dev.sparks.schemas.topic.Topic;
import dev.sparks.schemas.topic.Topics;
import java.util.List;

/**
 * The six services as Kubernetes runs them: port, database, the Secrets they read and the consumer
 * groups they run. The group names are spelled in each service's messaging package; a test checks
 * that every one listed here still appears there, so the autoscalers watch groups that exist.
 */
public final class SparksServices {

    /** A consumer group and the topic it reads. */
    public record Consumer(String group, Topic<String, ?> topic) {}

    /**
     * @param secrets the vendor Secrets mounted as a Spring config tree (their keys are property names)
     */
    public record Service(String name, int port, String database, List<String> secrets, List<Consumer> consumers) {

        /**
         * The topics the autoscaler watches: those with more than one partition. A single-partition
         * topic is read by one member of its group whatever the replica count, so its lag says
         * nothing about whether more replicas would help.
         */
        public List<Consumer> scalingConsumers() {
            return consumers.stream().filter(consumer -> consumer.topic().partitions() > 1).toList();
        }

        /** Never more replicas than the smallest watched topic has partitions: extra members idle. */
        public int maxReplicas() {
            return scalingConsumers().stream().mapToInt(c -> c.topic().partitions()).min().orElse(MIN_REPLICAS);
        }
    }

    /** Two replicas at least, so a PodDisruptionBudget of one available pod still lets a node drain. */
    public static final int MIN_REPLICAS = 2;

    /** Listener threads per stage per pod: one, so a pod is one group member and replicas map to partitions. */
    public static final int CONSUMER_CONCURRENCY = 1;

    public static final List<Service> ALL = List.of(
            new Service("usage-ingest-service", 8081, "sparks_ingest",
                    List.of("sparks-auth0", "sparks-livekit", "sparks-langfuse"), List.of()),
            new Service("rating-service", 8082, "sparks_rating", List.of("sparks-auth0"), List.of(
                    new Consumer("rating", Topics.USAGE_RAW),
                    new Consumer("rating-plans", Topics.SUBSCRIPTION_STATE))),
            new Service("subscription-service", 8083, "sparks_subscription", List.of("sparks-auth0", "sparks-stripe"),
                    List.of(new Consumer("subscription-usage-meter", Topics.USAGE_RATED),
                            new Consumer("subscription-payments", Topics.PAYMENT_EVENTS))),
            new Service("invoicing-service", 8084, "sparks_invoicing", List.of("sparks-auth0"), List.of(
                    new Consumer("invoicing-usage-ledger", Topics.USAGE_RATED),
                    new Consumer("invoicing-ingested-usage", Topics.USAGE_RAW),
                    new Consumer("invoicing-subscription-history", Topics.SUBSCRIPTION_STATE),
                    new Consumer("invoicing-rate-cards", Topics.RATE_CARDS),
                    new Consumer("invoicing-payments", Topics.PAYMENT_EVENTS),
                    new Consumer("invoicing-unbilled-ingest", Topics.INGEST_DEAD_LETTERS))),
            new Service("payment-gateway-service", 8085, "sparks_payment", List.of("sparks-auth0", "sparks-stripe"),
                    List.of(new Consumer("payment-requests", Topics.INVOICE_EVENTS))),
            new Service("notification-service", 8086, "sparks_notification", List.of("sparks-auth0"), List.of(
                    new Consumer("notification-contacts", Topics.SUBSCRIPTION_STATE),
                    new Consumer("notification-invoice-ready", Topics.INVOICE_EVENTS),
                    new Consumer("notification-subscription-notices", Topics.SUBSCRIPTION_NOTICES),
                    new Consumer("notification-payments", Topics.PAYMENT_EVENTS))));

    private SparksServices() {}
}
