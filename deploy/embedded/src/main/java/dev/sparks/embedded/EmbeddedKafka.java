package dev.sparks.embedded;

import java.util.Map;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real Kafka broker (KRaft, Apache Kafka's own server classes) running in this JVM. Used by
 * {@code ./sparks up|demo|bench} and by the tests; production points at an external cluster.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final EmbeddedKafkaKraftBroker broker;

    private EmbeddedKafka(EmbeddedKafkaKraftBroker broker) {
        this.broker = broker;
    }

    /** Starts a single-node broker; {@code port} 0 picks a free one. */
    public static EmbeddedKafka start(int port) {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        if (port > 0) {
            broker.kafkaPorts(port);
        }
        broker.brokerProperties(Map.of(
                // One broker: internal topics cannot have more replicas than that.
                "offsets.topic.replication.factor", "1",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "auto.create.topics.enable", "false",
                "group.initial.rebalance.delay.ms", "0"));
        broker.afterPropertiesSet();
        return new EmbeddedKafka(broker);
    }

    public String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    @Override
    public void close() {
        broker.destroy();
    }
}
