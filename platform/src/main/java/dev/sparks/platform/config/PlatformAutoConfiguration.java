package dev.sparks.platform.config;

import dev.sparks.platform.idempotency.ProcessedEvents;
import dev.sparks.platform.messaging.KafkaClients;
import dev.sparks.platform.messaging.PipelineMeters;
import dev.sparks.platform.messaging.StageListeners;
import dev.sparks.platform.messaging.TopicPublisher;
import dev.sparks.platform.outbox.Outbox;
import dev.sparks.platform.outbox.OutboxMeters;
import dev.sparks.platform.outbox.OutboxRelay;
import dev.sparks.platform.web.ApiKeyFilter;
import dev.sparks.platform.web.Caller;
import dev.sparks.platform.web.CallerArgumentResolver;
import dev.sparks.platform.web.auth.Jwks;
import dev.sparks.platform.web.auth.JwtVerifier;
import dev.sparks.schemas.serde.SerdeFactory;
import dev.sparks.schemas.topic.Topic;
import dev.sparks.schemas.topic.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import dev.sparks.platform.time.ClockController;
import dev.sparks.platform.time.ShiftedClock;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.flywaydb.core.api.Location;
import org.jooq.DSLContext;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Wires the platform into every service: typed Kafka clients, the outbox and its relay, the
 * idempotent consumer, stage listeners with dead-lettering, topic provisioning, API keys and the
 * platform's Flyway migrations. Runs before Spring Boot's Kafka auto-configuration so that the
 * byte-valued factories below are the ones everything uses.
 */
@AutoConfiguration(before = KafkaAutoConfiguration.class)
public class PlatformAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock(PlatformProperties properties) {
        PlatformProperties.Clock settings = properties.clock();
        if (settings.at() == null) {
            return ShiftedClock.system();
        }
        Clock realTime = Clock.systemUTC();
        Instant anchor = settings.anchor() != null ? settings.anchor() : realTime.instant();
        return ShiftedClock.pinned(realTime, new ShiftedClock.Shift(anchor, settings.at(), settings.rate()));
    }

    /** Lets a local stack or a test move every service's time together; never on by default. */
    @Bean
    @ConditionalOnProperty(name = "sparks.platform.clock.adjustable", havingValue = "true")
    ClockController clockController(Clock clock) {
        if (!(clock instanceof ShiftedClock shifted)) {
            throw new IllegalStateException("sparks.platform.clock.adjustable needs the platform's clock, not " + clock);
        }
        return new ClockController(shifted);
    }

    /**
     * Binds {@code sparks.platform.*}, naming the service after spring.application.name and the
     * instance after the host unless set.
     */
    @Bean
    PlatformProperties platformProperties(Environment environment) {
        PlatformProperties bound = Binder.get(environment).bindOrCreate("sparks.platform", PlatformProperties.class);
        return new PlatformProperties(
                bound.serviceName() != null ? bound.serviceName() : environment.getProperty("spring.application.name", "sparks"),
                bound.instanceId() != null && !bound.instanceId().isBlank() ? bound.instanceId() : hostName(),
                bound.apiKeys(),
                bound.selfAuthenticatedPaths(),
                bound.outbox(),
                bound.kafka(),
                bound.auth(),
                bound.clock());
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "local";
        }
    }

    @Bean
    @ConditionalOnMissingBean
    SerdeFactory serdeFactory() {
        return SerdeFactory.singleObjectEncoding();
    }

    @Bean
    KafkaClients kafkaClients(KafkaProperties kafka, MeterRegistry meters) {
        return new KafkaClients(kafka.buildConsumerProperties(), kafka.buildProducerProperties(), meters);
    }

    @Bean
    ConsumerFactory<String, byte[]> sparksConsumerFactory(KafkaClients clients) {
        return clients.consumerFactory();
    }

    @Bean
    ProducerFactory<String, byte[]> sparksProducerFactory(KafkaClients clients) {
        return clients.producerFactory();
    }

    @Bean
    KafkaTemplate<String, byte[]> sparksKafkaTemplate(ProducerFactory<String, byte[]> producers) {
        return new KafkaTemplate<>(producers);
    }

    @Bean
    TopicPublisher topicPublisher(KafkaTemplate<String, byte[]> sparksKafkaTemplate, SerdeFactory serdes) {
        return new TopicPublisher(sparksKafkaTemplate, serdes);
    }

    /** Picked up by Spring Boot's JsonMapper: request bodies with unbounded decimals are refused. */
    @Bean
    tools.jackson.databind.JacksonModule boundedDecimals() {
        return dev.sparks.platform.web.BoundedDecimals.jacksonModule();
    }

    @Bean
    dev.sparks.platform.web.RequestProblems requestProblems() {
        return new dev.sparks.platform.web.RequestProblems();
    }

    @Bean
    dev.sparks.platform.web.ProblemShape problemShape() {
        return new dev.sparks.platform.web.ProblemShape();
    }

    @Bean
    ProcessedEvents processedEvents(DSLContext db) {
        return new ProcessedEvents(db);
    }

    @Bean
    OutboxRelay outboxRelay(DSLContext db, TransactionTemplate transactions,
            KafkaTemplate<String, byte[]> sparksKafkaTemplate, PlatformProperties properties) {
        return new OutboxRelay(db, transactions, sparksKafkaTemplate,
                properties.outbox().pollInterval(), properties.outbox().batchSize());
    }

    @Bean
    OutboxMeters outboxMeters(DSLContext db, Clock clock) {
        return new OutboxMeters(db, clock);
    }

    @Bean
    Outbox outbox(DSLContext db, SerdeFactory serdes, OutboxRelay relay) {
        return new Outbox(db, serdes, relay);
    }

    @Bean
    PipelineMeters pipelineMeters(MeterRegistry meters) {
        return new PipelineMeters(meters);
    }

    @Bean
    StageListeners stageListeners(ConsumerFactory<String, byte[]> consumers, SerdeFactory serdes,
            ProcessedEvents processedEvents, TopicPublisher topicPublisher, PlatformProperties properties, Clock clock,
            PipelineMeters pipelineMeters) {
        return new StageListeners(consumers, serdes, processedEvents, topicPublisher, properties.serviceName(),
                properties.kafka().consumerConcurrency(), clock, pipelineMeters);
    }

    /** Every service declares every registry topic; creation is idempotent, so start order does not matter. */
    @Bean
    KafkaAdmin.NewTopics sparksTopics(PlatformProperties properties) {
        short replicas = properties.kafka().replicationFactor();
        return new KafkaAdmin.NewTopics(Topics.all().stream()
                .map(topic -> newTopic(topic, replicas))
                .toArray(NewTopic[]::new));
    }

    private static NewTopic newTopic(Topic<String, ?> topic, short replicas) {
        TopicBuilder builder = TopicBuilder.name(topic.name())
                .partitions(topic.partitions())
                .config(TopicConfig.CLEANUP_POLICY_CONFIG, topic.cleanup().policy());
        if (topic.retention() != null) {
            builder.config(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(topic.retention().toMillis()));
        }
        NewTopic created = builder.build();
        return replicas > 0
                ? new NewTopic(created.name(), Optional.of(topic.partitions()), Optional.of(replicas)).configs(created.configs())
                : new NewTopic(created.name(), Optional.of(topic.partitions()), Optional.empty()).configs(created.configs());
    }

    @Bean
    FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(PlatformProperties properties, Clock clock) {
        List<String> openPaths = new ArrayList<>(List.of("/actuator/health", "/actuator/prometheus", "/error"));
        openPaths.addAll(properties.selfAuthenticatedPaths());
        PlatformProperties.Auth auth = properties.auth();
        JwtVerifier tokens = auth.enabled()
                ? new JwtVerifier(auth.issuer(), auth.audience(),
                        new Jwks(auth.jwksUri(), auth.jwksMinRefresh(), auth.jwksCacheTtl(), clock), clock,
                        auth.clockSkew(), auth.adminPermission(), auth.permissionsClaim(), auth.customerIdClaim())
                : null;
        FilterRegistrationBean<ApiKeyFilter> registration =
                new FilterRegistrationBean<>(new ApiKeyFilter(properties.apiKeys(), openPaths, tokens));
        registration.setOrder(0);
        return registration;
    }

    /** Controllers may declare a {@link Caller} parameter: who the authentication filter let in. */
    @Bean
    WebMvcConfigurer callerArguments() {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new CallerArgumentResolver());
            }
        };
    }

    /** The platform's own tables (outbox, processed events) live in every service database. */
    @Bean
    FlywayConfigurationCustomizer platformMigrations() {
        return configuration -> {
            List<Location> locations = new ArrayList<>(List.of(configuration.getLocations()));
            locations.add(new Location("classpath:db/platform"));
            configuration.locations(locations.toArray(Location[]::new)).outOfOrder(true);
        };
    }
}
