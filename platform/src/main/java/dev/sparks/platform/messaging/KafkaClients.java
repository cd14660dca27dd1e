package dev.sparks.platform.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.DefaultTransactionIdSuffixStrategy;
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

    /**
     * Transactional producers for one instance of a service, with the transactional ids
     * {@code prefix + 0} to {@code prefix + (poolSize - 1)} and no others: at most {@code poolSize}
     * transactions run at once, and a restarted instance uses the very ids of its previous run.
     * Before the factory is returned every one of those ids is opened once ({@code initTransactions}),
     * which fences the previous run's producers and makes the broker abort any transaction a crash
     * left open. Unfenced, such a transaction holds back every read_committed consumer of its
     * partitions until {@code transaction.timeout.ms} runs out; fencing only the ids the new run
     * happens to use would miss a crash on any other.
     *
     * <p>{@code prefix} must be unique among running instances and stable across restarts of one:
     * see {@link dev.sparks.platform.config.PlatformProperties#transactionalIdPrefix(String)}.
     */
    public ProducerFactory<String, byte[]> transactionalProducerFactory(String prefix, int poolSize) {
        DefaultKafkaProducerFactory<String, byte[]> factory = new DefaultKafkaProducerFactory<>(producerConfig());
        factory.setTransactionIdPrefix(prefix);
        // A bounded suffix pool reuses 0..poolSize-1 instead of counting up for ever.
        factory.setTransactionIdSuffixStrategy(new DefaultTransactionIdSuffixStrategy(poolSize));
        factory.addListener(new MicrometerProducerListener<>(meters));
        fence(prefix, poolSize);
        return factory;
    }

    private void fence(String prefix, int poolSize) {
        try (ExecutorService fencers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> fenced = IntStream.range(0, poolSize)
                    .<Future<?>>mapToObj(suffix -> fencers.submit(() -> initTransactions(prefix + suffix)))
                    .toList();
            for (Future<?> done : fenced) {
                done.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while fencing " + prefix + "*", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot fence the transactional ids " + prefix + "*", e.getCause());
        }
    }

    private void initTransactions(String transactionalId) {
        Map<String, Object> config = producerConfig();
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        try (KafkaProducer<String, byte[]> fencer = new KafkaProducer<>(config)) {
            fencer.initTransactions();
        }
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
