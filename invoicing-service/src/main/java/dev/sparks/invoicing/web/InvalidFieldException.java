package dev.sparks.invoicing.web;

/** A request field that is missing or wrong: answered 400 problem+json naming the field. */
class InvalidFieldException extends RuntimeException {

    private final String field;

    InvalidFieldException(String field, String message) {
        super(message);
        this.field = field;
    }

    String field() {
        return field;
    }
}
