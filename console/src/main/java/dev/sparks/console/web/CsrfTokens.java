package dev.sparks.console.web;

import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/** One random token per session (synchronizer token pattern); every form sends it back as {@code _csrf}. */
public final class CsrfTokens {

    public static final String PARAMETER = "_csrf";
    static final String SESSION_ATTRIBUTE = CsrfTokens.class.getName();
    private static final SecureRandom RANDOM = new SecureRandom();

    private CsrfTokens() {}

    /** A fresh token, at sign-in: one seen before sign-in is worth nothing after. */
    public static String renew(HttpSession session) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        session.setAttribute(SESSION_ATTRIBUTE, token);
        return token;
    }

    static String of(HttpSession session) {
        String token = (String) session.getAttribute(SESSION_ATTRIBUTE);
        return token != null ? token : renew(session);
    }

    static boolean matches(HttpSession session, String presented) {
        String expected = session == null ? null : (String) session.getAttribute(SESSION_ATTRIBUTE);
        return expected != null && presented != null
                && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }
}
