package dev.sparks.ingest.langfuse;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /usage/errors/retry}: fetches the observation's trace from Langfuse again (the
 * customer may have been fixed there since), converts the logged payload again, optionally with a
 * customer an operator chose, publishes it, and records the attempt's outcome either way.
 */
public class SyncErrorRetry {

    /** @param outcome {@code succeeded}, {@code failed} or {@code already_resolved} */
    public record Result(UUID errorId, String observationId, String outcome, String detail, int eventsPublished) {}

    private final LangfuseClient client;
    private final ObservationConverter converter;
    private final ObservationPublisher publisher;
    private final SyncErrors errors;
    private final TransactionTemplate transactions;

    SyncErrorRetry(LangfuseClient client, ObservationConverter converter, ObservationPublisher publisher, SyncErrors errors,
            TransactionTemplate transactions) {
        this.client = client;
        this.converter = converter;
        this.publisher = publisher;
        this.errors = errors;
        this.transactions = transactions;
    }

    /** @throws NoSuchElementException when no error has that id */
    public Result retry(UUID errorId, String customerOverride) {
        SyncErrors.SyncError error = errors.find(errorId)
                .orElseThrow(() -> new NoSuchElementException("No Langfuse sync error " + errorId));
        return retry(error, customerOverride);
    }

    public List<Result> retryAllOpen() {
        List<Result> results = new ArrayList<>();
        errors.list(SyncErrors.Status.open).forEach(error -> results.add(retry(error, null)));
        return results;
    }

    private Result retry(SyncErrors.SyncError error, String customerOverride) {
        if (error.status().equals(SyncErrors.Status.resolved.name())) {
            return new Result(error.errorId(), error.observationId(), "already_resolved", null, 0);
        }
        JsonNode trace;
        try {
            trace = error.traceId() == null ? null : client.trace(error.traceId()).orElse(null);
        } catch (LangfuseException e) {
            if (customerOverride == null) {
                return failed(error, "Langfuse unavailable: " + e.getMessage(), null);
            }
            trace = null; // the operator named the customer; the trace is not needed
        }
        Conversion conversion = converter.convert(error.payload(), trace, customerOverride);
        if (conversion instanceof Conversion.Invalid invalid) {
            return failed(error, invalid.reason(), invalid.reason());
        }
        Conversion.Converted converted = (Conversion.Converted) conversion;
        String detail = customerOverride == null ? "converted with the trace as Langfuse has it now"
                : "converted with customer " + customerOverride + " chosen by an operator";
        try {
            ObservationPublisher.Result published = publisher.publish(converted.events(),
                    () -> errors.attempt(error.errorId(), true, detail, null));
            return new Result(error.errorId(), error.observationId(), "succeeded", detail, published.published());
        } catch (RuntimeException e) {
            return failed(error, "publishing failed: " + e.getMessage(), null);
        }
    }

    private Result failed(SyncErrors.SyncError error, String detail, String reason) {
        transactions.executeWithoutResult(status -> errors.attempt(error.errorId(), false, detail, reason));
        return new Result(error.errorId(), error.observationId(), "failed", detail, 0);
    }
}
