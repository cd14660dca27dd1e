package dev.sparks.console.web;

import dev.sparks.console.signin.SignedInUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * The pages behind sign-in: without a valid session the browser is sent to sign in and brought back;
 * {@code /admin} pages also need the admin permission (the services check it again on every call).
 */
public class SignedInAccess implements HandlerInterceptor {

    private final Clock clock;

    public SignedInAccess(Clock clock) {
        this.clock = clock;
    }

    public static Optional<SignedInUser> current(HttpServletRequest request, Clock clock) {
        HttpSession session = request.getSession(false);
        SignedInUser user = session == null ? null : (SignedInUser) session.getAttribute(SignedInUser.SESSION_ATTRIBUTE);
        return Optional.ofNullable(user).filter(each -> !each.expiredAt(clock.instant()));
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
        Optional<SignedInUser> user = current(request, clock);
        if (user.isEmpty()) {
            if (!"GET".equals(request.getMethod())) {
                throw new PageException(401, "Signed out", "Your session has ended. Please sign in again.");
            }
            String next = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
            response.sendRedirect("/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
            return false;
        }
        if (request.getRequestURI().startsWith("/admin") && !user.get().admin()) {
            throw PageException.forbidden();
        }
        request.setAttribute(SignedInUser.SESSION_ATTRIBUTE, user.get());
        return true;
    }
}
