package dev.sparks.invoicing;

/** A request field that is missing or wrong, from the web edge or a feature: answered 400 problem+json naming it. */
public class InvalidFieldException extends RuntimeException {

    private final String field;

    public InvalidFieldException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
