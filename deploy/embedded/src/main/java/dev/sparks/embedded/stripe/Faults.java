package dev.sparks.embedded.stripe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Faults queued for the next API requests whose path starts with a given prefix ("/" for any),
 * taken one per matching request, in order.
 */
final class Faults {

    record Fault(String pathPrefix, int status, Duration delay) {
        static final Fault NONE = new Fault("/", 0, Duration.ZERO);
    }

    private final List<Fault> queued = new ArrayList<>();

    synchronized void failNext(String pathPrefix, int count, int status) {
        for (int i = 0; i < count; i++) {
            queued.add(new Fault(pathPrefix, status, Duration.ZERO));
        }
    }

    synchronized void delayNext(String pathPrefix, int count, Duration delay) {
        for (int i = 0; i < count; i++) {
            queued.add(new Fault(pathPrefix, 0, delay));
        }
    }

    synchronized Fault next(String path) {
        for (Iterator<Fault> it = queued.iterator(); it.hasNext(); ) {
            Fault fault = it.next();
            if (path.startsWith(fault.pathPrefix())) {
                it.remove();
                return fault;
            }
        }
        return Fault.NONE;
    }
}
