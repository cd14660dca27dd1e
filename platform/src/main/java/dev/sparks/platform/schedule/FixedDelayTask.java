package dev.sparks.platform.schedule;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs a service's time-driven work every {@code interval} on a daemon thread of its own, from
 * application start to stop. An interval of 0 never runs it, so tests can move their clock and
 * call the work themselves. A run that fails is logged and the next run tries again: the work must
 * read what is due from the database each time, which also lets any number of instances run it.
 */
public class FixedDelayTask implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FixedDelayTask.class);

    private final String name;
    private final Duration interval;
    private final Runnable work;
    private ScheduledExecutorService executor;

    public FixedDelayTask(String name, Duration interval, Runnable work) {
        this.name = name;
        this.interval = interval;
        this.work = work;
    }

    private void runOnce() {
        try {
            work.run();
        } catch (RuntimeException e) {
            log.warn("{} failed; the next run tries again what is still due", name, e);
        }
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name(name).daemon().factory());
        long millis = interval.toMillis();
        if (millis > 0) {
            executor.scheduleWithFixedDelay(this::runOnce, millis, millis, TimeUnit.MILLISECONDS);
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
