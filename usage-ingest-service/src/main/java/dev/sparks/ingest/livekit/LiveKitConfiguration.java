package dev.sparks.ingest.livekit;

import dev.sparks.ingest.IngestProperties;
import dev.sparks.ingest.intake.IngestCounters;
import dev.sparks.platform.config.PlatformProperties;
import dev.sparks.platform.outbox.Outbox;
import java.time.Clock;
import org.jooq.DSLContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class LiveKitConfiguration {

    @Bean
    WebhookVerifier webhookVerifier(IngestProperties properties, Clock clock) {
        return new WebhookVerifier(properties.livekit().keys(), clock, properties.livekit().leeway());
    }

    @Bean
    LiveKitWebhooks liveKitWebhooks(DSLContext db, Outbox outbox, TransactionTemplate transactions,
            IngestProperties properties, PlatformProperties platform, Clock clock, IngestCounters counters) {
        return new LiveKitWebhooks(new LiveKitLedger(db), outbox, transactions, properties.livekit().listPriceUsd(),
                platform.serviceName(), clock, counters);
    }
}
