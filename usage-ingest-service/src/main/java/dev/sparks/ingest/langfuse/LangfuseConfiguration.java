package dev.sparks.ingest.langfuse;

import dev.sparks.ingest.IngestProperties;
import dev.sparks.ingest.intake.IngestCounters;
import dev.sparks.ingest.usage.AcceptedEvents;
import dev.sparks.ingest.usage.UsagePublisher;
import dev.sparks.platform.config.PlatformProperties;
import java.net.http.HttpClient;
import java.time.Clock;
import org.jooq.DSLContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
class LangfuseConfiguration {

    @Bean
    LangfuseClient langfuseClient(IngestProperties properties) {
        IngestProperties.Langfuse langfuse = properties.langfuse();
        HttpClient http = HttpClient.newBuilder().connectTimeout(langfuse.requestTimeout()).build();
        return new LangfuseClient(http, langfuse);
    }

    @Bean
    ObservationConverter observationConverter(PlatformProperties platform, Clock clock) {
        return new ObservationConverter(platform.serviceName(), clock);
    }

    @Bean
    SyncState langfuseSyncState(DSLContext db, Clock clock) {
        return new SyncState(db, clock);
    }

    @Bean
    SyncErrors langfuseSyncErrors(DSLContext db, Clock clock) {
        return new SyncErrors(db, clock);
    }

    @Bean
    BilledUsage langfuseBilledUsage(DSLContext db, Clock clock) {
        return new BilledUsage(db, clock);
    }

    @Bean
    ObservationPublisher langfuseObservationPublisher(UsagePublisher publisher, AcceptedEvents acceptedEvents,
            TransactionTemplate transactions, IngestCounters counters, BilledUsage billed) {
        return new ObservationPublisher(publisher, acceptedEvents, transactions, counters, billed);
    }

    @Bean
    LangfuseSync langfuseSync(LangfuseClient client, SyncState state, ObservationConverter converter,
            ObservationPublisher publisher, SyncErrors errors, IngestCounters counters, IngestProperties properties,
            Clock clock) {
        PageProcessor pages = new PageProcessor(client, converter, publisher, errors, counters);
        return new LangfuseSync(client, state, pages, properties.langfuse(), clock);
    }

    @Bean
    SyncErrorRetry langfuseSyncErrorRetry(LangfuseClient client, ObservationConverter converter,
            ObservationPublisher publisher, SyncErrors errors, TransactionTemplate transactions) {
        return new SyncErrorRetry(client, converter, publisher, errors, transactions);
    }

    @Bean
    LangfuseSchedule langfuseSchedule(LangfuseSync sync, BilledUsage billed, IngestProperties properties) {
        return new LangfuseSchedule(sync, billed, properties.langfuse().billedUsageRetention());
    }
}
