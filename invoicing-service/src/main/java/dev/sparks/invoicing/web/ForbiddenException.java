package dev.sparks.invoicing.web;

/** Answered 403: a signed-in customer on an operator's route. */
class ForbiddenException extends RuntimeException {
    ForbiddenException(String message) {
        super(message);
    }
}
