package dev.sparks.platform.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.core.MicrometerProducerListener;
import org.springframework.kafka.core.ProducerFactory;

/**
 * Kafka client settings every service shares, on top of Spring Boot's {@code spring.kafka.*}
 * (bootstrap servers, security...). Values travel as bytes; {@code SerdeFactory} does the typing.
 */
public class KafkaClients {

    private final Map<String, Object> consumerBase;
    private final Map<String, Object> producerBase;
    private final MeterRegistry meters;

    public KafkaClients(Map<String, Object> consumerBase, Map<String, Object> producerBase, MeterRegistry meters) {
        this.consumerBase = consumerBase;
        this.producerBase = producerBase;
        this.meters = meters;
    }

    public ConsumerFactory<String, byte[]> consumerFactory() {
        Map<String, Object> config = new HashMap<>(consumerBase);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        // usage.rated.v1 is written in Kafka transactions: never read what may still be aborted.
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        DefaultKafkaConsumerFactory<String, byte[]> factory = new DefaultKafkaConsumerFactory<>(config);
        factory.addListener(new MicrometerConsumerListener<>(meters));
        return factory;
    }

    /** An idempotent producer that waits for all in-sync replicas: for the outbox relay and dead letters. */
    public ProducerFactory<String, byte[]> producerFactory() {
        DefaultKafkaProducerFactory<String, byte[]> factory = new DefaultKafkaProducerFactory<>(producerConfig());
        factory.addListener(new MicrometerProducerListener<>(meters));
        return factory;
    }

    /** A transactional producer for Kafka-to-Kafka stages; {@code prefix} must be unique per service. */
    public ProducerFactory<String, byte[]> transactionalProducerFactory(String prefix) {
        DefaultKafkaProducerFactory<String, byte[]> factory = new DefaultKafkaProducerFactory<>(producerConfig());
        factory.setTransactionIdPrefix(prefix);
        factory.addListener(new MicrometerProducerListener<>(meters));
        return factory;
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>(producerBase);
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return config;
    }
}
