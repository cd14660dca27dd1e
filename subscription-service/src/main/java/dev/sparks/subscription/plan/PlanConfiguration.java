package dev.sparks.subscription.plan;

import dev.sparks.subscription.SubscriptionProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PlanConfiguration {

    @Bean
    Plans plans(SubscriptionProperties properties) {
        return new Plans(properties);
    }
}
