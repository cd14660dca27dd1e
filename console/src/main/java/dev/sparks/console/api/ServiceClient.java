package dev.sparks.console.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls a service's JSON API with a bearer credential: the signed-in user's access token (so the
 * service decides what this user may see) or, for the public pricing page only, the console's key.
 * Nothing is cached here: every answer is one user's, for one request.
 */
@Component
public class ServiceClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final JsonMapper json = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public <T> T get(URI base, String pathAndQuery, String bearer, TypeReference<T> type) {
        return json.readValue(send(request(base, pathAndQuery, bearer).GET(), bearer, base, pathAndQuery), type);
    }

    public <T> T get(URI base, String pathAndQuery, String bearer, Class<T> type) {
        return json.readValue(send(request(base, pathAndQuery, bearer).GET(), bearer, base, pathAndQuery), type);
    }

    public <T> T post(URI base, String path, String bearer, Object body, Class<T> type) {
        HttpRequest.Builder request = request(base, path, bearer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        return json.readValue(send(request, bearer, base, path), type);
    }

    /** A binary download (a PDF): the caller streams the body on and must close it. */
    public HttpResponse<InputStream> download(URI base, String path, String bearer) {
        HttpResponse<InputStream> response = exchange(request(base, path, bearer).GET(), HttpResponse.BodyHandlers.ofInputStream(),
                base, path);
        if (response.statusCode() >= 400) {
            String detail;
            try (InputStream body = response.body()) {
                detail = new String(body.readNBytes(2000), StandardCharsets.UTF_8);
            } catch (IOException e) {
                detail = "";
            }
            throw new ServiceException(response.statusCode(), base, path, detail);
        }
        return response;
    }

    private static HttpRequest.Builder request(URI base, String pathAndQuery, String bearer) {
        return HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/+$", "") + pathAndQuery))
                .timeout(TIMEOUT)
                .header("Accept", "application/json, application/problem+json, application/pdf")
                .header("Authorization", "Bearer " + bearer);
    }

    private String send(HttpRequest.Builder request, String bearer, URI base, String path) {
        HttpResponse<String> response = exchange(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8), base, path);
        if (response.statusCode() >= 400) {
            throw new ServiceException(response.statusCode(), base, path, response.body());
        }
        return response.body();
    }

    private <B> HttpResponse<B> exchange(HttpRequest.Builder request, HttpResponse.BodyHandler<B> handler, URI base, String path) {
        try {
            return http.send(request.build(), handler);
        } catch (ConnectException | HttpTimeoutException e) {
            throw new ServiceException(503, base, path, "unreachable: " + e);
        } catch (IOException e) {
            throw new ServiceException(502, base, path, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceException(503, base, path, "interrupted");
        }
    }
}
