package dev.sparks.subscription.schedule;

import dev.sparks.subscription.SubscriptionProperties;
import dev.sparks.subscription.lifecycle.PeriodEnds;
import dev.sparks.subscription.quota.Reservations;
import dev.sparks.subscription.trial.TrialReminders;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs the time-driven work every {@code sparks.subscription.scheduler-interval} (0 turns it off;
 * tests call {@link #runOnce()} after moving their clock). It holds no state: what is due is read
 * from the database each time and each item is claimed with a row lock, so any number of instances
 * can run it and a restart simply carries on.
 */
@Component
public class Scheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Scheduler.class);
    private static final int BATCH = 200;

    private final TrialReminders trials;
    private final PeriodEnds periodEnds;
    private final Reservations reservations;
    private final SubscriptionProperties properties;
    private ScheduledExecutorService executor;

    Scheduler(TrialReminders trials, PeriodEnds periodEnds, Reservations reservations, SubscriptionProperties properties) {
        this.trials = trials;
        this.periodEnds = periodEnds;
        this.reservations = reservations;
        this.properties = properties;
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

    private void tick() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            log.warn("Scheduler pass failed; the next pass retries what is still due", e);
        }
    }

    @Override
    public void start() {
        long millis = properties.schedulerInterval().toMillis();
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("subscription-scheduler").daemon().factory());
        if (millis > 0) {
            executor.scheduleWithFixedDelay(this::tick, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void stop() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null && !executor.isShutdown();
    }
}
