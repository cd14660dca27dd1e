package dev.sparks.platform.web.auth;

/** A bearer token that is not a valid access token of the configured issuer and audience. */
public class InvalidTokenException extends RuntimeException {

    public InvalidTokenException(String reason) {
        super(reason);
    }

    public InvalidTokenException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
