package dev.sparks.platform.testing;

import dev.sparks.embedded.EmbeddedKafka;
import dev.sparks.embedded.EmbeddedPostgresServer;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One real Kafka broker and one real PostgreSQL server per test JVM, started on first use and
 * shared by every test class; each test class gets a database of its own.
 */
public final class EmbeddedInfrastructure {

    public static final String API_KEY = "test-api-key";

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedKafka kafka;
    private static EmbeddedPostgresServer postgres;

    private EmbeddedInfrastructure() {}

    public static synchronized EmbeddedKafka kafka() {
        if (kafka == null) {
            kafka = EmbeddedKafka.start(0);
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::close));
        }
        return kafka;
    }

    public static synchronized EmbeddedPostgresServer postgres() {
        if (postgres == null) {
            postgres = EmbeddedPostgresServer.startTemporary(0);
            Runtime.getRuntime().addShutdownHook(new Thread(postgres::close));
        }
        return postgres;
    }

    /** Points a Spring Boot test at the shared broker and a fresh database named after {@code prefix}. */
    public static void register(DynamicPropertyRegistry registry, String prefix) {
        String database = prefix + "_" + DATABASES.incrementAndGet();
        postgres().ensureDatabase(database);
        registry.add("spring.kafka.bootstrap-servers", () -> kafka().bootstrapServers());
        registry.add("spring.datasource.url", () -> postgres().jdbcUrl(database));
        registry.add("spring.datasource.username", () -> EmbeddedPostgresServer.USER);
        registry.add("sparks.platform.api-keys", () -> API_KEY);
        // Contexts of one service live side by side in a test JVM: as two instances, they need
        // transactional ids of their own or they would fence each other.
        registry.add("sparks.platform.instance-id", () -> database);
    }
}
