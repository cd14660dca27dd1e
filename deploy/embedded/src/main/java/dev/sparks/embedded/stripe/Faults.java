package dev.sparks.embedded.stripe;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/** Faults queued for the next API requests, taken one per request in order. */
final class Faults {

    record Fault(int status, Duration delay) {
        static final Fault NONE = new Fault(0, Duration.ZERO);
    }

    private final Deque<Fault> queued = new ArrayDeque<>();

    synchronized void failNext(int count, int status) {
        for (int i = 0; i < count; i++) {
            queued.add(new Fault(status, Duration.ZERO));
        }
    }

    synchronized void delayNext(int count, Duration delay) {
        for (int i = 0; i < count; i++) {
            queued.add(new Fault(0, delay));
        }
    }

    synchronized Fault next() {
        Fault fault = queued.poll();
        return fault == null ? Fault.NONE : fault;
    }
}
