package dev.sparks.ingest.appkey;

import java.time.Instant;

/** A publishing app's key as it is listed: everything but the secret, which is never stored. */
public record AppKey(String keyId, String appName, Instant createdAt, Instant revokedAt) {

    public boolean active() {
        return revokedAt == null;
    }
}
