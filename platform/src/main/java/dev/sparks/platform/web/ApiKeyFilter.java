package dev.sparks.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every API call needs {@code Authorization: Bearer <key>} with one of the configured keys; only
 * health and metrics are open, for probes and scrapers. Keys are compared in constant time.
 */
public class ApiKeyFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final List<byte[]> keys;
    private final List<String> openPaths;

    public ApiKeyFilter(List<String> keys, List<String> openPaths) {
        this.keys = keys.stream().filter(key -> !key.isBlank()).map(key -> key.getBytes(StandardCharsets.UTF_8)).toList();
        this.openPaths = openPaths;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return openPaths.stream().anyMatch(path::startsWith);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.startsWith(BEARER) && isKnown(header.substring(BEARER.length()).trim())) {
            chain.doFilter(request, response);
            return;
        }
        Problems.write(response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized",
                "Send 'Authorization: Bearer <api key>' with a key this service accepts.", null);
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
