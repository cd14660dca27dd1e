package dev.sparks.subscription.web;

/** An admin endpoint called by a customer. */
class ForbiddenException extends RuntimeException {

    ForbiddenException(String detail) {
        super(detail);
    }
}
