package dev.sparks.platform.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Who is calling, as the platform's authentication filter established it. A handler takes a
 * {@code Caller} parameter and decides what the caller may see; the filter only decides who it is.
 */
public sealed interface Caller {

    /** The request attribute the filter stores the caller under. */
    String ATTRIBUTE = Caller.class.getName();

    String subject();

    default boolean isAdmin() {
        return this instanceof Admin;
    }

    /**
     * An operator or another service: a service API key, or a token carrying the admin permission.
     * May act for any customer.
     */
    record Admin(String subject) implements Caller {}

    /**
     * An end customer signed in through the identity provider (Auth0). {@code claimedCustomerId} is
     * the Sparks customer id when the token carries it in the configured custom claim; otherwise
     * the service resolves the customer from its link of {@code subject} (the Auth0 {@code sub}).
     */
    record Customer(String subject, String claimedCustomerId) implements Caller {}

    /** The caller of a request that passed the filter; absent only on open paths. */
    static Caller of(HttpServletRequest request) {
        Object caller = request.getAttribute(ATTRIBUTE);
        if (caller instanceof Caller known) {
            return known;
        }
        throw new IllegalStateException("No caller on " + request.getRequestURI() + ": an open path needs no caller");
    }
}
