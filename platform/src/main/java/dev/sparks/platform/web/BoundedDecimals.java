package dev.sparks.platform.web;

import java.math.BigDecimal;
import java.util.Optional;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.NumberDeserializers;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.module.SimpleModule;

/**
 * The bounds of every decimal a Sparks API accepts. JSON allows {@code 1e999999999}: eleven
 * characters that Java holds cheaply as a BigDecimal, but whose first {@code setScale},
 * {@code add} to a number of another scale or {@code toPlainString} builds a billion-digit integer
 * (unbounded CPU and memory). No amount Sparks stores has more than 38 integer digits or more
 * than 18 decimal places (the database columns are numeric(38, 6..9)), so anything beyond that is
 * refused where it is read, before any arithmetic. Trailing zeros do not count: {@code 1.50} has
 * one decimal place. The check itself is cheap: the number's text is at most Jackson's
 * {@code maxNumberLength} (1,000) characters, so stripping its zeros is too.
 */
public final class BoundedDecimals {

    public static final int MAX_INTEGER_DIGITS = 38;
    public static final int MAX_DECIMAL_PLACES = 18;

    private BoundedDecimals() {}

    /** Why {@code value} is out of bounds, or empty when it is within them. */
    public static Optional<String> violation(BigDecimal value) {
        BigDecimal significant = value.stripTrailingZeros();
        if (significant.scale() > MAX_DECIMAL_PLACES) {
            return Optional.of("At most " + MAX_DECIMAL_PLACES + " decimal places");
        }
        if (significant.precision() - significant.scale() > MAX_INTEGER_DIGITS) {
            return Optional.of("Too large: at most " + MAX_INTEGER_DIGITS + " digits before the decimal point");
        }
        return Optional.empty();
    }

    /**
     * Applies the bounds to every BigDecimal Jackson binds from a request body; the refusal carries
     * the path of the field, which {@link RequestProblems} names in the problem.
     */
    public static SimpleModule jacksonModule() {
        return new SimpleModule("sparks-bounded-decimals").addDeserializer(BigDecimal.class, new Deserializer());
    }

    private static final class Deserializer extends NumberDeserializers.BigDecimalDeserializer {
        @Override
        public BigDecimal deserialize(JsonParser parser, DeserializationContext context) {
            BigDecimal value = super.deserialize(parser, context);
            if (value != null) {
                Optional<String> violation = violation(value);
                if (violation.isPresent()) {
                    throw InvalidFormatException.from(parser, violation.get(), parser.getString(), BigDecimal.class);
                }
            }
            return value;
        }
    }
}
