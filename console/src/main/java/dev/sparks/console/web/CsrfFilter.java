package dev.sparks.console.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses every state-changing request (anything but GET, HEAD, OPTIONS) that does not carry the
 * session's token as the form field {@code _csrf} or the header {@code X-CSRF-Token}. SameSite=Lax on
 * the session cookie already keeps other sites' forms out in current browsers; this also covers
 * older ones and same-site attackers.
 */
public class CsrfFilter extends OncePerRequestFilter {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!SAFE.contains(request.getMethod())) {
            String presented = request.getHeader("X-CSRF-Token");
            if (presented == null) {
                presented = request.getParameter(CsrfTokens.PARAMETER);
            }
            if (!CsrfTokens.matches(request.getSession(false), presented)) {
                response.setStatus(HttpServletResponse.SC_FORBIDDEN);
                response.setContentType("text/html;charset=UTF-8");
                response.getWriter().write("<!doctype html><html lang=\"en\"><head><title>Refused</title></head><body><main>"
                        + "<h1>Refused</h1><p>This form has expired or did not come from this site. Reload the page and try "
                        + "again.</p><p><a href=\"/\">Back to Sparks</a></p></main></body></html>");
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
