package dev.sparks.ingest.livekit;

/** A webhook whose signature, issuer, expiry or body hash does not hold; answered 401. */
public class InvalidWebhookException extends RuntimeException {

    public InvalidWebhookException(String reason) {
        super(reason);
    }
}
