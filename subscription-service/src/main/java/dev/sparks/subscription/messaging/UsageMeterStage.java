package dev.sparks.subscription.messaging;

import dev.sparks.platform.messaging.StageListeners;
import dev.sparks.schemas.topic.Topics;
import dev.sparks.subscription.usage.UsageMeter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.transaction.support.TransactionTemplate;

/** usage.rated.v1 → monthly usage counters, once per rated event. */
@Configuration(proxyBeanMethods = false)
class UsageMeterStage {

    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> usageMeterListener(StageListeners stages,
            TransactionTemplate transactions, UsageMeter meter) {
        return stages.idempotentStage("subscription-usage-meter", Topics.USAGE_RATED, Topics.SUBSCRIPTION_DEAD_LETTERS,
                transactions, rated -> meter.record(rated.value()));
    }
}
