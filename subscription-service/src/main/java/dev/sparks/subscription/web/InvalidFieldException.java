package dev.sparks.subscription.web;

/** A request field that is missing or malformed: answered 400 with a problem naming the field. */
class InvalidFieldException extends RuntimeException {

    private final String field;

    InvalidFieldException(String field, String detail) {
        super(detail);
        this.field = field;
    }

    String field() {
        return field;
    }
}
