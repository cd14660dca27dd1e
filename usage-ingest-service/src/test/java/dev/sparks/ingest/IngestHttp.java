package dev.sparks.ingest;

import dev.sparks.platform.testing.EmbeddedInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Talks to a running ingest service over real HTTP, as apps and admins do. */
final class IngestHttp {

    private static final Pattern API_KEY = Pattern.compile("\"api_key\":\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newHttpClient();
    private final int port;

    IngestHttp(int port) {
        this.port = port;
    }

    /** Creates a key for {@code app} through the admin API and returns its full value. */
    String newAppKey(String app) throws Exception {
        HttpResponse<String> created = send("POST", "/v1/admin/app-keys", "{\"app_name\":\"" + app + "\"}",
                EmbeddedInfrastructure.API_KEY, "application/json");
        Matcher key = API_KEY.matcher(created.body());
        if (created.statusCode() != 201 || !key.find()) {
            throw new AssertionError("Could not create an app key: " + created.statusCode() + " " + created.body());
        }
        return key.group(1);
    }

    HttpResponse<String> postEvents(String body, String key) throws Exception {
        return send("POST", "/v1/events", body, key, "application/json");
    }

    HttpResponse<String> send(String method, String path, String body, String bearer, String contentType)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String bearer) throws Exception {
        return send("GET", path, null, bearer, null);
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    static String event(String id, String customer, String metric, String quantity, String occurredAt) {
        return "{\"event_id\":\"" + id + "\",\"customer_id\":\"" + customer + "\",\"metric\":\"" + metric
                + "\",\"quantity\":" + quantity + ",\"occurred_at\":\"" + occurredAt + "\"}";
    }
}
