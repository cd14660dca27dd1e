package dev.sparks.console.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Headers on every answer: a Content-Security-Policy that allows only this site's own scripts and
 * styles (no inline script, so injected markup cannot run), no framing, no sniffing, no referrer
 * beyond this site. Pages are {@code no-store}: they hold one user's data, and no browser or proxy
 * cache may hand them to the next user; only the static assets are cacheable. Logs each page's
 * server time.
 */
public class SecurityHeadersFilter extends OncePerRequestFilter {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    private static final Logger log = LoggerFactory.getLogger(SecurityHeadersFilter.class);

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long started = System.nanoTime();
        response.setHeader("Content-Security-Policy", CSP);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "same-origin");
        String path = request.getRequestURI();
        if (!path.startsWith("/webjars/") && !path.startsWith("/static/")) {
            response.setHeader("Cache-Control", "no-store");
        }
        chain.doFilter(request, response);
        if (!path.startsWith("/webjars/") && !path.startsWith("/static/") && !path.startsWith("/actuator/")) {
            log.info("{} {} {} in {} ms", request.getMethod(), path, response.getStatus(), (System.nanoTime() - started) / 1_000_000);
        }
    }
}
