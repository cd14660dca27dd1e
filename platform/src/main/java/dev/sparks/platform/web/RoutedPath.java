package dev.sparks.platform.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;
import org.springframework.web.util.UriUtils;

/**
 * The path a request is routed by, derived from its raw URI the way the servlet container and
 * Spring MVC derive it: percent-decoded, {@code ;params} dropped from each segment, empty and
 * {@code .} segments dropped, {@code ..} resolved. An authorization decision taken on the raw URI
 * can be dodged: {@code /v1/%61dmin/x} and {@code //v1/admin/x} reach {@code /v1/admin/x}, and
 * {@code /actuator/health/../../v1/x} looks open but reaches {@code /v1/x}.
 *
 * <p>Empty when the filter cannot know the route for sure: an encoded slash or backslash (whether
 * it splits a segment depends on container settings), a raw backslash, a NUL, bad
 * percent-encoding, or a {@code ..} above the root. Callers treat such a request as the most
 * protected one.
 */
final class RoutedPath {

    private RoutedPath() {}

    static Optional<String> of(String requestUri, String contextPath) {
        String raw = contextPath != null && !contextPath.isEmpty() && requestUri.startsWith(contextPath)
                ? requestUri.substring(contextPath.length())
                : requestUri;
        String lower = raw.toLowerCase(Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") || raw.contains("\\")) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = UriUtils.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException badEncoding) {
            return Optional.empty();
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : decoded.split("/")) {
            int parameters = segment.indexOf(';');
            String name = parameters < 0 ? segment : segment.substring(0, parameters);
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                if (segments.pollLast() == null) {
                    return Optional.empty();
                }
                continue;
            }
            segments.addLast(name);
        }
        String path = "/" + String.join("/", segments);
        return Optional.of(decoded.endsWith("/") && !segments.isEmpty() ? path + "/" : path);
    }
}
