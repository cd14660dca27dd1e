package dev.sparks.ingest.usage;

/** A request that cannot be accepted, and the field at fault (a JSON path such as {@code events[2].quantity}). */
public class InvalidUsageException extends RuntimeException {

    private final String field;

    public InvalidUsageException(String field, String detail) {
        super(detail);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
