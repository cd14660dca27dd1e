package dev.sparks.console.api;

import java.net.URI;

/** A service answered an error (its problem+json body is kept for the log), or could not be reached (503). */
public final class ServiceException extends RuntimeException {

    private final int status;

    public ServiceException(int status, URI base, String path, String detail) {
        super(base + path + " answered " + status + ": " + (detail.length() > 500 ? detail.substring(0, 500) : detail));
        this.status = status;
    }

    public int status() {
        return status;
    }

    public boolean notFound() {
        return status == 404;
    }
}
