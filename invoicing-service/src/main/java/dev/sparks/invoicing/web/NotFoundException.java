package dev.sparks.invoicing.web;

/** Answered 404: the thing does not exist, or it is not the caller's. */
class NotFoundException extends RuntimeException {
    NotFoundException(String message) {
        super(message);
    }
}
