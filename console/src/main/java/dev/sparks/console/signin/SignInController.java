package dev.sparks.console.signin;

import dev.sparks.console.ConsoleProperties;
import dev.sparks.console.web.CsrfTokens;
import dev.sparks.console.web.PageException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Sign-in with the issuer (authorization code + PKCE), the callback, and sign-out. */
@Controller
class SignInController {

    private static final Logger log = LoggerFactory.getLogger(SignInController.class);

    private final ConsoleProperties properties;
    private final TokenExchange tokens;

    SignInController(ConsoleProperties properties, TokenExchange tokens) {
        this.properties = properties;
        this.tokens = tokens;
    }

    @GetMapping("/login")
    String login(HttpServletRequest request, @RequestParam(required = false) String next) {
        PendingSignIn pending = new PendingSignIn(Pkce.random(), Pkce.random(), Pkce.random(), localPath(next));
        request.getSession(true).setAttribute(PendingSignIn.SESSION_ATTRIBUTE, pending);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", properties.auth().clientId());
        query.put("redirect_uri", properties.callback().toString());
        query.put("scope", "openid profile email");
        query.put("audience", properties.auth().audience());
        query.put("state", pending.state());
        query.put("nonce", pending.nonce());
        query.put("code_challenge", Pkce.challenge(pending.verifier()));
        query.put("code_challenge_method", "S256");
        return "redirect:" + tokens.authorizeEndpoint() + "?" + TokenExchange.encode(query);
    }

    @GetMapping("/login/callback")
    String callback(HttpServletRequest request, @RequestParam(required = false) String code,
            @RequestParam(required = false) String state, @RequestParam(required = false) String error) {
        HttpSession session = request.getSession(false);
        PendingSignIn pending = session == null ? null : (PendingSignIn) session.getAttribute(PendingSignIn.SESSION_ATTRIBUTE);
        if (session != null) {
            session.removeAttribute(PendingSignIn.SESSION_ATTRIBUTE);
        }
        if (pending == null || !Pkce.same(pending.state(), state)) {
            throw new PageException(400, "Sign-in could not finish", "This sign-in was not started here or has expired. Please sign in again.");
        }
        if (error != null || code == null) {
            throw new PageException(400, "Sign-in refused", "The sign-in was cancelled or refused. Please try again.");
        }
        SignedInUser user;
        try {
            user = tokens.exchange(code, pending);
        } catch (TokenExchange.SignInFailed e) {
            log.warn("Sign-in failed: {}", e.getMessage());
            throw new PageException(400, "Sign-in could not finish", "The sign-in could not be completed. Please try again.");
        }
        // A new session id at the change of privilege, so a session id planted before sign-in is worth nothing.
        request.changeSessionId();
        session.setAttribute(SignedInUser.SESSION_ATTRIBUTE, user);
        CsrfTokens.renew(session);
        log.info("Signed in {}", user);
        return "redirect:" + (pending.next() != null ? pending.next() : user.admin() ? "/admin" : "/billing");
    }

    @PostMapping("/logout")
    String logout(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        return "redirect:/pricing";
    }

    /** Only a path of this site: never an absolute or protocol-relative URL (no open redirect). */
    static String localPath(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\") || next.contains("\r")
                || next.contains("\n")) {
            return null;
        }
        return next;
    }
}
