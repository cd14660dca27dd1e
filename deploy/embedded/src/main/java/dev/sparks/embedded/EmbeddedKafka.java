package dev.sparks.embedded;

import java.nio.file.Path;
import java.util.Map;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real Kafka broker (KRaft, Apache Kafka's own server classes) running in this JVM. Used by
 * {@code ./sparks up|demo|bench} and by the tests; production points at an external cluster.
 */
public final class EmbeddedKafka implements AutoCloseable {

    /** What both kinds of broker share. */
    static final Map<String, String> BROKER_PROPERTIES = Map.of(
            // One broker: internal topics cannot have more replicas than that.
            "offsets.topic.replication.factor", "1",
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1",
            "share.coordinator.state.topic.replication.factor", "1",
            "share.coordinator.state.topic.min.isr", "1",
            "auto.create.topics.enable", "false",
            "group.initial.rebalance.delay.ms", "0");

    private final String bootstrapServers;
    private final Runnable stop;

    private EmbeddedKafka(String bootstrapServers, Runnable stop) {
        this.bootstrapServers = bootstrapServers;
        this.stop = stop;
    }

    /** A throwaway broker whose log is deleted on close; {@code port} 0 picks a free one. */
    public static EmbeddedKafka start(int port) {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        if (port > 0) {
            broker.kafkaPorts(port);
        }
        broker.brokerProperties(BROKER_PROPERTIES);
        broker.afterPropertiesSet();
        return new EmbeddedKafka(broker.getBrokersAsString(), broker::destroy);
    }

    /**
     * A broker whose log lives in {@code logDir}: formatted on the first start, reused on later
     * ones, so a restart on the same folder and port keeps every topic, record, committed offset
     * and transaction. Fails with the reason when another live server uses the folder.
     */
    public static EmbeddedKafka startPersistent(Path logDir, int port) {
        KraftServer server = KraftServer.start(logDir, port);
        return new EmbeddedKafka(server.bootstrapServers(), server::close);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        stop.run();
    }
}
