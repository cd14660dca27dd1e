package dev.sparks.rating.messaging;

import dev.sparks.platform.messaging.StageListeners;
import dev.sparks.rating.plan.CustomerPlans;
import dev.sparks.schemas.topic.Topics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.transaction.support.TransactionTemplate;

/** subscription.state.v1 → the local customer_plan table, once per state event. */
@Configuration(proxyBeanMethods = false)
class PlanStage {

    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> planListener(StageListeners stages, TransactionTemplate transactions,
            CustomerPlans plans) {
        return stages.idempotentStage("rating-plans", Topics.SUBSCRIPTION_STATE, Topics.RATING_DEAD_LETTERS, transactions,
                record -> plans.apply(record.value()));
    }
}
