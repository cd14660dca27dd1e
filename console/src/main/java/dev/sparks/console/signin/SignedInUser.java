package dev.sparks.console.signin;

import java.io.Serializable;
import java.time.Instant;

/**
 * Who is signed in, kept in the server-side session only (the browser holds nothing but the session
 * cookie). {@code accessToken} goes to the services with every call; they decide what it may read.
 *
 * @param customerId the token's customer claim; null for an admin or a user without a customer yet
 * @param expiresAt  by the console's clock: sign-in time plus the token response's {@code expires_in}
 */
public record SignedInUser(String subject, String name, String customerId, boolean admin, String accessToken,
        Instant expiresAt) implements Serializable {

    public static final String SESSION_ATTRIBUTE = SignedInUser.class.getName();

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "SignedInUser[" + subject + (admin ? ", admin" : "") + "]";
    }
}
