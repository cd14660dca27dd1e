package dev.sparks.ingest.intake;

import dev.sparks.ingest.IngestProperties;
import dev.sparks.ingest.appkey.AppKeyFilter;
import dev.sparks.ingest.appkey.AppKeys;
import dev.sparks.ingest.usage.AcceptedEvents;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * The intake routes' edge, in this order: admission (429), body limit (413), then the route's own
 * authentication (app keys for {@code /v1/events}; webhooks verify their signature themselves).
 * The platform's admin-key filter skips these routes ({@code sparks.platform.self-authenticated-paths}).
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class IntakeConfiguration {

    private static final Logger log = LoggerFactory.getLogger(IntakeConfiguration.class);
    static final String[] INTAKE_ROUTES = {"/v1/events", "/webhooks/*"};

    private final AcceptedEvents acceptedEvents;
    private final IngestProperties properties;

    IntakeConfiguration(AcceptedEvents acceptedEvents, IngestProperties properties) {
        this.acceptedEvents = acceptedEvents;
        this.properties = properties;
    }

    @Bean
    IngestCounters ingestCounters(MeterRegistry meters) {
        return new IngestCounters(meters);
    }

    @Bean
    AppKeys appKeys(DSLContext db, Clock clock) {
        return new AppKeys(db, clock, properties.appKeyCacheTtl());
    }

    @Bean
    FilterRegistrationBean<AdmissionFilter> admissionFilter() {
        var registration = new FilterRegistrationBean<>(
                new AdmissionFilter(properties.maxInFlightRequests(), properties.retryAfter()));
        registration.addUrlPatterns(INTAKE_ROUTES);
        registration.setOrder(1);
        return registration;
    }

    @Bean
    FilterRegistrationBean<BoundedBodyFilter> boundedBodyFilter() {
        var registration = new FilterRegistrationBean<>(new BoundedBodyFilter(properties.maxBodySize().toBytes()));
        registration.addUrlPatterns(INTAKE_ROUTES);
        registration.setOrder(2);
        return registration;
    }

    @Bean
    FilterRegistrationBean<AppKeyFilter> appKeyFilter(AppKeys keys) {
        var registration = new FilterRegistrationBean<>(new AppKeyFilter(keys));
        registration.addUrlPatterns("/v1/events");
        registration.setOrder(3);
        return registration;
    }

    /** Hourly, ids past the window are forgotten; the window is longer than any client may retry. */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
    void forgetOldAcceptedEvents() {
        int forgotten = acceptedEvents.forgetOlderThan(properties.deduplicationWindow());
        if (forgotten > 0) {
            log.info("Forgot {} accepted event ids older than {}", forgotten, properties.deduplicationWindow());
        }
    }
}
