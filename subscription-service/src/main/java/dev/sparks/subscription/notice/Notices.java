package dev.sparks.subscription.notice;

import dev.sparks.platform.config.PlatformProperties;
import dev.sparks.platform.outbox.Outbox;
import dev.sparks.schemas.subscription.SubscriptionNotice;
import dev.sparks.schemas.subscription.SubscriptionNoticeType;
import dev.sparks.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.stereotype.Service;

/**
 * Appends notices to subscription.notices.v1 through the outbox, in the caller's transaction. The
 * event id is derived from the reference, so whatever produced a notice twice produces one id.
 */
@Service
public class Notices {

    private final Outbox outbox;
    private final Clock clock;
    private final String producer;

    Notices(Outbox outbox, Clock clock, PlatformProperties platform) {
        this.outbox = outbox;
        this.clock = clock;
        this.producer = platform.serviceName();
    }

    public SubscriptionNotice publish(SubscriptionNoticeType type, String customerId, String plan, String reference,
            Consumer<SubscriptionNotice.Builder> details) {
        SubscriptionNotice.Builder builder = SubscriptionNotice.newBuilder()
                .setEventId(UUID.nameUUIDFromBytes(("notice:" + reference).getBytes(StandardCharsets.UTF_8)).toString())
                .setOccurredAt(clock.instant())
                .setCustomerId(customerId)
                .setProducer(producer)
                .setType(type)
                .setReference(reference)
                .setPlan(plan);
        details.accept(builder);
        SubscriptionNotice notice = builder.build();
        outbox.append(Topics.SUBSCRIPTION_NOTICES, customerId, notice.getEventId(), notice);
        return notice;
    }
}
