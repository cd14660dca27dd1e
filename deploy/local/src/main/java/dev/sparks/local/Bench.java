package dev.sparks.local;

import dev.sparks.schemas.serde.SingleObjectSerde;
import dev.sparks.schemas.usage.RawUsageEvent;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.JsonNode;

/**
 * {@code ./sparks bench [events]}: pushes events through ingest → rating → subscription and
 * invoicing accounting on the embedded stack and compares the rate with bare Kafka on the same
 * broker, records of the same size, in the same run; then measures ingest alone (single-event
 * requests), rating alone (exactly-once, working through a backlog of raw events), and
 * quota/authorize and usage-to-counter latency ({@link QuotaBench}). {@code ./sparks bench quota}
 * runs only the latter; {@code ./sparks bench close [customers] [rows]} times closing a month
 * ({@link CloseBench}).
 */
final class Bench {

    private static final int BATCH = 1_000;
    private static final int CUSTOMERS = 1_000;
    private static final int CLIENT_THREADS = 4;

    private Bench() {}

    static void run(Path root, String[] args) throws Exception {
        if (args.length > 1 && args[1].equals("close")) {
            CloseBench.run(root, args.length > 2 ? Integer.parseInt(args[2]) : 10_000,
                    args.length > 3 ? Integer.parseInt(args[3]) : 100);
            return;
        }
        boolean quotaOnly = args.length > 1 && args[1].equals("quota");
        int events = args.length > 1 && !quotaOnly ? Integer.parseInt(args[1]) : 200_000;
        Path state = Files.createTempDirectory("sparks-bench-");
        Stack.Options options = new Stack.Options(root, state, false, 0, 0, 0, SparksLocal.randomKey(), false);
        try (Stack stack = new Stack(options, System.getenv()).start()) {
            SparksClient client = new SparksClient(stack.apiKey());
            if (quotaOnly) {
                QuotaBench.run(client);
                return;
            }
            YearMonth month = YearMonth.now(Clock.systemUTC()).minusMonths(1);
            SampleMonth.Window window = SampleMonth.acceptedPart(month, Instant.now());
            Console.say("");
            Console.say("Pipeline: " + events + " events, " + CUSTOMERS + " customers, batches of " + BATCH
                    + ", " + CLIENT_THREADS + " client threads");
            long started = System.nanoTime();
            double ingestSeconds = publish(client, window, events);
            Demo.awaitUntil(Duration.ofMinutes(30), () -> accounted(client, month) >= events, "accounting");
            double seconds = (System.nanoTime() - started) / 1e9;
            double pipelineRate = events / seconds;
            Console.say(String.format("  ingest accepted all events in %.1fs (%,.0f events/s)", ingestSeconds, events / ingestSeconds));
            Console.say(String.format("  end to end (until accounted in subscription and invoicing): %.1fs = %,.0f events/s", seconds, pipelineRate));

            int recordSize = sampleRecordSize(window);
            Console.say("");
            Console.say("Baseline: bare Kafka on the same broker, " + events + " records of " + recordSize + " bytes, lz4, linger 5 ms");
            double[] baseline = bareKafka(stack.bootstrapServers(), events, recordSize);
            Console.say(String.format("  one producer: %,.0f records/s; one consumer: %,.0f records/s", baseline[0], baseline[1]));
            Console.say(String.format("  pipeline / bare produce = %.3f", pipelineRate / baseline[0]));

            Console.say("");
            Console.say("Ingest only (POST /v1/events, app key, one Kafka transaction per request)");
            Console.say(String.format("  batches of %,d: %,.0f events/s (the pipeline run above)", BATCH, events / ingestSeconds));
            IngestBench.singleEventRequests(client, Math.max(1_000, Math.min(20_000, events / 10)), 16);

            // Quotas before the rating backlog: that backlog keeps the usage meter busy for a while
            // and would be measured as usage-to-counter latency.
            Console.say("");
            QuotaBench.run(client);

            Console.say("");
            Console.say("Rating only: a backlog of " + events + " raw events written straight to usage.raw.v1, rated into "
                    + "usage.rated.v1 in Kafka transactions (read_committed)");
            double ratingRate = ratingOnly(stack.bootstrapServers(), window, events);
            Console.say(String.format("  rating: %,.0f events/s; rating / bare produce = %.3f, rating / bare consume = %.3f",
                    ratingRate, ratingRate / baseline[0], ratingRate / baseline[1]));
        }
    }

    private static double publish(SparksClient client, SampleMonth.Window window, int events) throws Exception {
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENT_THREADS);
        List<Future<?>> batches = new ArrayList<>();
        for (int from = 0; from < events; from += BATCH) {
            int first = from;
            int count = Math.min(BATCH, events - from);
            batches.add(pool.submit(() -> {
                List<SampleMonth.Event> batch = new ArrayList<>(count);
                for (int i = first; i < first + count; i++) {
                    batch.add(event(window, i));
                }
                SparksClient.Response response = client.postEvents(SampleMonth.batch(batch));
                if (response.status() != 202) {
                    throw new IllegalStateException("Ingest answered " + response.status() + ": " + response.body());
                }
            }));
        }
        for (Future<?> batch : batches) {
            batch.get();
        }
        pool.shutdown();
        return (System.nanoTime() - started) / 1e9;
    }

    private static SampleMonth.Event event(SampleMonth.Window window, int i) {
        String metric = switch (i % 3) {
            case 0 -> "ai_tokens";
            case 1 -> "compute_minutes";
            default -> "storage_gb_months";
        };
        Instant at = window.spread(i % 100_000, 100_000);
        return new SampleMonth.Event(new UUID(0x5350L, i).toString(), "bench-customer-" + (i % CUSTOMERS), metric,
                BigDecimal.valueOf(1 + i % 1000), at);
    }

    /** Events accounted this month in both subscription and invoicing: the slower of the two. */
    private static long accounted(SparksClient client, YearMonth month) {
        long invoicing = client.get(ServiceSpec.named("invoicing-service").url() + "/v1/admin/usage/accounted?month=" + month)
                .body().get("events").asLong();
        long subscription = client.get(ServiceSpec.named("subscription-service").url() + "/v1/admin/usage/accounted?month=" + month)
                .body().get("events").asLong();
        return Math.min(invoicing, subscription);
    }

    private static int sampleRecordSize(SampleMonth.Window window) {
        SampleMonth.Event sample = event(window, 1);
        RawUsageEvent raw = RawUsageEvent.newBuilder()
                .setEventId(sample.eventId()).setOccurredAt(sample.occurredAt()).setCustomerId(sample.customerId())
                .setProducer("usage-ingest-service").setSource("api").setMetric(sample.metric())
                .setQuantity(sample.quantity().setScale(9)).setIngestedAt(Instant.now()).setProperties(Map.of())
                .build();
        return SingleObjectSerde.forType(RawUsageEvent.class).encode(raw).length;
    }

    /**
     * Writes {@code records} raw events to usage.raw.v1 as fast as a bare producer can, then counts
     * their rated events as a read_committed consumer sees them; the rate covers both, from the
     * first send to the last rated event seen, so rating works through a backlog at full speed.
     */
    private static double ratingOnly(String bootstrap, SampleMonth.Window window, int records) throws Exception {
        Properties consumerConfig = new Properties();
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor("usage.rated.v1").stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);

            Properties producerConfig = new Properties();
            producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            producerConfig.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
            producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
            SingleObjectSerde<RawUsageEvent> serde = SingleObjectSerde.forType(RawUsageEvent.class);
            long started = System.nanoTime();
            try (KafkaProducer<String, byte[]> producer =
                    new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < records; i++) {
                    SampleMonth.Event event = event(window, i);
                    String customer = "bench-rating-" + (i % CUSTOMERS);
                    RawUsageEvent raw = RawUsageEvent.newBuilder()
                            .setEventId(new UUID(0x5352L, i).toString()).setOccurredAt(event.occurredAt())
                            .setCustomerId(customer).setProducer("bench").setSource("api").setMetric(event.metric())
                            .setQuantity(event.quantity().setScale(9)).setIngestedAt(Instant.now()).setProperties(Map.of())
                            .build();
                    producer.send(new ProducerRecord<>("usage.raw.v1", customer, serde.encode(raw)));
                }
                producer.flush();
            }
            long rated = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
            while (rated < records && System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null && record.key().startsWith("bench-rating-")) {
                        rated++;
                    }
                }
            }
            return rated / ((System.nanoTime() - started) / 1e9);
        }
    }

    /** Returns {produce records/s, consume records/s}. */
    private static double[] bareKafka(String bootstrap, int records, int recordSize) throws Exception {
        String topic = "bench.baseline." + System.nanoTime();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 6, (short) 1))).all().get();
        }
        byte[] value = new byte[recordSize];
        new java.util.Random(42).nextBytes(value);
        Properties producerConfig = new Properties();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producerConfig.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        long started = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, "bench-customer-" + (i % CUSTOMERS), value));
            }
            producer.flush();
        }
        double produceRate = records / ((System.nanoTime() - started) / 1e9);

        Properties consumerConfig = new Properties();
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, topic);
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        started = System.nanoTime();
        long consumed = 0;
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (consumed < records) {
                ConsumerRecords<String, byte[]> batch = consumer.poll(Duration.ofMillis(500));
                consumed += batch.count();
            }
        }
        double consumeRate = records / ((System.nanoTime() - started) / 1e9);
        return new double[] {produceRate, consumeRate};
    }
}
