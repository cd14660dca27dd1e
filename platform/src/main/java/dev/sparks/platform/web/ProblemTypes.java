package dev.sparks.platform.web;

import java.net.URI;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * The stable {@code type} URI of every problem Sparks answers: one per kind of mistake, so a client
 * can branch on it without parsing the title. A service may name a more precise type; otherwise
 * the status decides.
 */
public final class ProblemTypes {

    public static final String BASE = "https://sparks.dev/problems/";

    private static final Map<Integer, String> BY_STATUS = Map.ofEntries(
            Map.entry(400, "invalid-request"),
            Map.entry(401, "unauthenticated"),
            Map.entry(403, "forbidden"),
            Map.entry(404, "not-found"),
            Map.entry(405, "method-not-allowed"),
            Map.entry(406, "not-acceptable"),
            Map.entry(409, "conflict"),
            Map.entry(413, "payload-too-large"),
            Map.entry(415, "unsupported-media-type"),
            Map.entry(422, "unprocessable"),
            Map.entry(429, "too-many-requests"),
            Map.entry(500, "internal-error"),
            Map.entry(502, "upstream-error"),
            Map.entry(503, "unavailable"));

    private ProblemTypes() {}

    public static URI forStatus(int status) {
        String slug = BY_STATUS.get(status);
        if (slug == null) {
            HttpStatus known = HttpStatus.resolve(status);
            slug = known == null ? "status-" + status : known.name().toLowerCase().replace('_', '-');
        }
        return URI.create(BASE + slug);
    }

    public static URI named(String slug) {
        return URI.create(BASE + slug);
    }
}
