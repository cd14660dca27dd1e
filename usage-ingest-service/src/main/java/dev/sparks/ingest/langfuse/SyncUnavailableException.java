package dev.sparks.ingest.langfuse;

/** A sync cannot start: another run holds the lease, or Langfuse is not configured. */
public class SyncUnavailableException extends RuntimeException {

    private final boolean running;

    SyncUnavailableException(boolean running, String message) {
        super(message);
        this.running = running;
    }

    /** True when another run is in progress (try later); false when the sync is not configured. */
    public boolean running() {
        return running;
    }
}
