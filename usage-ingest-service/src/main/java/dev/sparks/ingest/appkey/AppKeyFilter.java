package dev.sparks.ingest.appkey;

import dev.sparks.platform.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code POST /v1/events} takes a publishing app's own key, so each app can be revoked alone and
 * every event says which app sent it ({@code source_app}).
 */
public class AppKeyFilter extends OncePerRequestFilter {

    /** The request attribute holding the authenticated app's name. */
    public static final String APP = "dev.sparks.ingest.appkey.AppKeyFilter.app";

    private static final String BEARER = "Bearer ";

    private final AppKeys keys;

    public AppKeyFilter(AppKeys keys) {
        this.keys = keys;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        Optional<String> app = header != null && header.startsWith(BEARER)
                ? keys.authenticate(header.substring(BEARER.length()).trim())
                : Optional.empty();
        if (app.isEmpty()) {
            Problems.write(request, response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized",
                    "Send 'Authorization: Bearer <app key>' with an active key created by POST /v1/admin/app-keys.", null);
            return;
        }
        request.setAttribute(APP, app.get());
        chain.doFilter(request, response);
    }
}
