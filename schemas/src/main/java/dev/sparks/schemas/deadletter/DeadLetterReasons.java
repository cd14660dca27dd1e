package dev.sparks.schemas.deadletter;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reasons a consumer can act on. A dead letter's {@code reason} is text for people; when the
 * producer knows the kind of refusal it starts the text with a code and a colon
 * ({@code customer_unresolved: No Sparks customer for room 'r1': ...}), so reconciliation can
 * group and name it without parsing prose.
 */
public final class DeadLetterReasons {

    /** Usage whose Sparks customer could not be told (a LiveKit room or participant without one). */
    public static final String CUSTOMER_UNRESOLVED = "customer_unresolved";

    private static final Pattern CODED = Pattern.compile("([a-z][a-z_]*): .*", Pattern.DOTALL);

    private DeadLetterReasons() {}

    public static String coded(String code, String text) {
        return code + ": " + text;
    }

    /** The code a reason starts with, if the producer gave one. */
    public static Optional<String> code(String reason) {
        Matcher matcher = CODED.matcher(reason);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
