package dev.sparks.subscription.plan;

import dev.sparks.platform.money.Sparks;
import dev.sparks.subscription.SubscriptionProperties;

/** The plan catalogue as configured; the full catalogue with limits and features comes later. */
public class Plans {

    private final SubscriptionProperties properties;

    public Plans(SubscriptionProperties properties) {
        if (!properties.plans().containsKey(properties.defaultPlan())) {
            throw new IllegalArgumentException("Default plan '" + properties.defaultPlan() + "' is not configured");
        }
        this.properties = properties;
    }

    public String defaultPlan() {
        return properties.defaultPlan();
    }

    public Sparks includedSparks(String plan) {
        SubscriptionProperties.Plan configured = properties.plans().get(plan);
        return configured == null ? Sparks.ZERO : new Sparks(configured.includedSparks());
    }
}
