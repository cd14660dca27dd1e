package dev.sparks.subscription.schedule;

import dev.sparks.platform.schedule.FixedDelayTask;
import dev.sparks.subscription.SubscriptionProperties;
import dev.sparks.subscription.lifecycle.PeriodEnds;
import dev.sparks.subscription.quota.Reservations;
import dev.sparks.subscription.trial.TrialReminders;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;

/**
 * The time-driven work, run every {@code sparks.subscription.scheduler-interval} (0 turns it off;
 * tests call {@link #runOnce()} after moving their clock). It holds no state: what is due is read
 * from the database each time and each item is claimed with a row lock, so any number of instances
 * can run it and a restart simply carries on.
 */
@Component
public class Scheduler {

    private static final int BATCH = 200;

    private final TrialReminders trials;
    private final PeriodEnds periodEnds;
    private final Reservations reservations;

    Scheduler(TrialReminders trials, PeriodEnds periodEnds, Reservations reservations) {
        this.trials = trials;
        this.periodEnds = periodEnds;
        this.reservations = reservations;
    }

    /** One pass over everything due now; returns how many subscriptions it changed or notified. */
    public int runOnce() {
        int done = 0;
        for (String customerId : trials.due(BATCH)) {
            done += trials.process(customerId) ? 1 : 0;
        }
        for (String customerId : periodEnds.due(BATCH)) {
            done += periodEnds.renew(customerId) ? 1 : 0;
        }
        reservations.deleteExpired();
        return done;
    }

    @Configuration(proxyBeanMethods = false)
    static class Schedule {
        @Bean
        FixedDelayTask subscriptionScheduler(Scheduler scheduler, SubscriptionProperties properties) {
            return new FixedDelayTask("subscription-scheduler", properties.schedulerInterval(), scheduler::runOnce);
        }
    }
}
