package dev.sparks.platform.web;

import dev.sparks.platform.web.auth.InvalidTokenException;
import dev.sparks.platform.web.auth.JwtVerifier;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every API call needs {@code Authorization: Bearer <credential>}; only health and metrics are
 * open, for probes and scrapers. A configured API key makes the caller an {@link Caller.Admin}
 * (operators and service-to-service calls); keys are compared in constant time. A service that
 * configures an issuer ({@code sparks.platform.auth.issuer}) also accepts the issuer's access
 * tokens ({@link JwtVerifier}); there, {@code /v1/admin/} paths need an admin caller. Without an
 * issuer nothing changes for a service: keys only.
 *
 * <p>Open and admin paths are judged on the {@link RoutedPath}, never the raw URI: the container
 * routes {@code /v1/%61dmin/} to {@code /v1/admin/}, so the raw URI would let such a request past.
 * A request whose route cannot be known for sure is neither open nor anything but admin.
 */
public class ApiKeyFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";
    private static final String ADMIN_PATHS = "/v1/admin/";
    private static final String ADMIN_ROOT = "/v1/admin";

    private final List<byte[]> keys;
    private final List<String> openPaths;
    private final JwtVerifier tokens;

    public ApiKeyFilter(List<String> keys, List<String> openPaths) {
        this(keys, openPaths, null);
    }

    /** {@code tokens} may be null: API keys only. */
    public ApiKeyFilter(List<String> keys, List<String> openPaths, JwtVerifier tokens) {
        this.keys = keys.stream().filter(key -> !key.isBlank()).map(key -> key.getBytes(StandardCharsets.UTF_8)).toList();
        this.openPaths = openPaths;
        this.tokens = tokens;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return routedPath(request).map(path -> openPaths.stream().anyMatch(path::startsWith)).orElse(false);
    }

    private static boolean isAdminPath(HttpServletRequest request) {
        return routedPath(request).map(path -> path.equals(ADMIN_ROOT) || path.startsWith(ADMIN_PATHS)).orElse(true);
    }

    private static Optional<String> routedPath(HttpServletRequest request) {
        return RoutedPath.of(request.getRequestURI(), request.getContextPath());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        String presented = header != null && header.startsWith(BEARER) ? header.substring(BEARER.length()).trim() : null;
        if (presented != null && isKnown(presented)) {
            request.setAttribute(Caller.ATTRIBUTE, new Caller.Admin("api-key"));
            chain.doFilter(request, response);
            return;
        }
        if (presented != null && tokens != null) {
            Caller caller;
            try {
                caller = tokens.verify(presented);
            } catch (InvalidTokenException e) {
                Problems.write(request, response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized",
                        "The access token was refused: " + e.getMessage(), null);
                return;
            }
            if (!caller.isAdmin() && isAdminPath(request)) {
                Problems.write(request, response, HttpServletResponse.SC_FORBIDDEN, "Forbidden",
                        "This endpoint needs an admin permission.", null);
                return;
            }
            request.setAttribute(Caller.ATTRIBUTE, caller);
            chain.doFilter(request, response);
            return;
        }
        Problems.write(request, response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized",
                tokens == null ? "Send 'Authorization: Bearer <api key>' with a key this service accepts."
                        : "Send 'Authorization: Bearer <access token or api key>'.", null);
    }

    private boolean isKnown(String presented) {
        byte[] candidate = presented.getBytes(StandardCharsets.UTF_8);
        boolean known = false;
        for (byte[] key : keys) {
            known |= MessageDigest.isEqual(key, candidate);
        }
        return known;
    }
}
