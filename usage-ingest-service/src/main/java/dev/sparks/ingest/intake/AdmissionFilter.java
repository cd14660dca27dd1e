package dev.sparks.ingest.intake;

import dev.sparks.platform.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds the intake requests in flight. Past the bound a request is refused at once with 429 and
 * {@code Retry-After} before anything is read, so an overload never turns into timeouts, 5xx or a
 * half-taken batch: a refused request took nothing, and its retry with the same ids is safe.
 */
public class AdmissionFilter extends OncePerRequestFilter {

    private final Semaphore permits;
    private final Duration retryAfter;

    public AdmissionFilter(int maxInFlight, Duration retryAfter) {
        this.permits = new Semaphore(maxInFlight);
        this.retryAfter = retryAfter;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!permits.tryAcquire()) {
            response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, retryAfter.toSeconds())));
            Problems.write(request, response, 429, "Too many requests in flight",
                    "Nothing of this request was taken. Retry after the given seconds with the same event ids.", null);
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            permits.release();
        }
    }
}
