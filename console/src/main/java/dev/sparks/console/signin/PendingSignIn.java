package dev.sparks.console.signin;

import java.io.Serializable;

/** What the callback needs to finish a sign-in this browser started: kept in its session, used once. */
record PendingSignIn(String state, String verifier, String nonce, String next) implements Serializable {

    static final String SESSION_ATTRIBUTE = PendingSignIn.class.getName();
}
