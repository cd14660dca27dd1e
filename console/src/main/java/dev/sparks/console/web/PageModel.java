package dev.sparks.console.web;

import dev.sparks.console.signin.SignedInUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every page's layout shows: who is signed in (for the navigation) and the form token. */
@ControllerAdvice
class PageModel {

    private final Clock clock;

    PageModel(Clock clock) {
        this.clock = clock;
    }

    @ModelAttribute("me")
    SignedInUser me(HttpServletRequest request) {
        return SignedInAccess.current(request, clock).orElse(null);
    }

    /** Only signed-in users have forms that change anything; anonymous pages get no session from this. */
    @ModelAttribute("csrf")
    String csrf(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session != null && SignedInAccess.current(request, clock).isPresent() ? CsrfTokens.of(session) : null;
    }
}
