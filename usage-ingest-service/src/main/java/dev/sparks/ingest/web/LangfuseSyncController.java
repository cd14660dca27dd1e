package dev.sparks.ingest.web;

import dev.sparks.ingest.langfuse.LangfuseSync;
import dev.sparks.ingest.langfuse.SyncErrorRetry;
import dev.sparks.ingest.langfuse.SyncErrors;
import dev.sparks.ingest.langfuse.SyncState;
import dev.sparks.ingest.langfuse.SyncStatus;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Operator endpoints of the Langfuse pull sync; behind the platform's API key like every route. */
@RestController
class LangfuseSyncController {

    private static final Pattern CUSTOMER_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");

    private final LangfuseSync sync;
    private final SyncState state;
    private final SyncErrors errors;
    private final SyncErrorRetry retry;

    LangfuseSyncController(LangfuseSync sync, SyncState state, SyncErrors errors, SyncErrorRetry retry) {
        this.sync = sync;
        this.state = state;
        this.errors = errors;
        this.retry = retry;
    }

    /** Pulls new generation observations now; answers once the window is published (or fails, watermark unchanged). */
    @PostMapping("/usage/sync")
    SyncStatus sync() {
        return sync.run();
    }

    /**
     * Pulls the late sweep's long lookback now (the schedule runs it every {@code late-sweep.every}):
     * observations that appeared or changed after the sync's overlap are billed, once.
     */
    @PostMapping("/usage/sync/late-sweep")
    SyncStatus lateSweep() {
        return sync.lateSweep();
    }

    @GetMapping("/usage/sync")
    SyncState.Snapshot state() {
        return state.snapshot();
    }

    @GetMapping("/usage/errors")
    List<SyncErrors.SyncError> errors(@RequestParam(required = false) String status) {
        if (status == null) {
            return errors.list(null);
        }
        try {
            return errors.list(SyncErrors.Status.valueOf(status));
        } catch (IllegalArgumentException e) {
            throw new InvalidRetryRequest("status", "Must be 'open' or 'resolved', got '" + status + "'");
        }
    }

    /** {@code {"error_id": "...", "customer_id": "..."}} retries one error; no body or {@code {"all": true}} every open one. */
    @PostMapping("/usage/errors/retry")
    RetryResults retry(@RequestBody(required = false) RetryRequest request) {
        if (request == null || request.errorId() == null) {
            if (request != null && request.customerId() != null) {
                throw new InvalidRetryRequest("customer_id", "A customer override needs an error_id");
            }
            if (request != null && Boolean.FALSE.equals(request.all())) {
                throw new InvalidRetryRequest("error_id", "Name an error_id, or send {\"all\": true}");
            }
            return new RetryResults(retry.retryAllOpen());
        }
        UUID errorId;
        try {
            errorId = UUID.fromString(request.errorId());
        } catch (IllegalArgumentException e) {
            throw new InvalidRetryRequest("error_id", "Must be a UUID, got '" + request.errorId() + "'");
        }
        if (request.customerId() != null && !CUSTOMER_ID.matcher(request.customerId()).matches()) {
            throw new InvalidRetryRequest("customer_id", "Must match " + CUSTOMER_ID.pattern());
        }
        return new RetryResults(List.of(retry.retry(errorId, request.customerId())));
    }

    record RetryRequest(String errorId, String customerId, Boolean all) {}

    record RetryResults(List<SyncErrorRetry.Result> results) {}

    /** A request the endpoint refuses, naming the field at fault. */
    static class InvalidRetryRequest extends RuntimeException {
        final String field;

        InvalidRetryRequest(String field, String detail) {
            super(detail);
            this.field = field;
        }
    }
}
