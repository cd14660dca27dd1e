package dev.sparks.rating.ratecard;

/** A rate card request the service refuses, naming the field at fault. */
public class RateCardException extends RuntimeException {

    public enum Kind { INVALID, CONFLICT, NOT_FOUND }

    private final Kind kind;
    private final String field;

    public RateCardException(Kind kind, String field, String detail) {
        super(detail);
        this.kind = kind;
        this.field = field;
    }

    public static RateCardException invalid(String field, String detail) {
        return new RateCardException(Kind.INVALID, field, detail);
    }

    public Kind kind() {
        return kind;
    }

    public String field() {
        return field;
    }
}
