package dev.sparks.ingest.langfuse;

import dev.sparks.ingest.IngestProperties;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Langfuse's public API, as cloud.langfuse.com serves it: Basic auth with the project's public and
 * secret key; generation observations from the v2 endpoint (cursor paging), or from v1 (page
 * numbers) when the server is too old to have v2. Calls that fail with 5xx, 429 or an I/O error are
 * retried with exponential backoff and jitter, honouring a bounded {@code Retry-After}.
 */
public class LangfuseClient {

    static final String V2_FIELDS = "core,basic,usage,model,metadata";

    private final HttpClient http;
    private final IngestProperties.Langfuse settings;
    private final String authorization;
    private final Retry retry;
    private final JsonMapper json = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    public LangfuseClient(HttpClient http, IngestProperties.Langfuse settings) {
        this.http = http;
        this.settings = settings;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (settings.publicKey() + ":" + settings.secretKey()).getBytes(StandardCharsets.UTF_8));
        this.retry = Retry.of("langfuse", RetryConfig.custom()
                .maxAttempts(settings.retry().maxAttempts())
                .retryOnException(LangfuseClient::retryable)
                .intervalBiFunction(new RetryBackoff(settings.retry()))
                .build());
    }

    /** The first page of the window: v2 if the server has it, else v1. */
    public ObservationPage firstPage(SyncWindow window) {
        try {
            return page(window, ApiVersion.V2, null);
        } catch (LangfuseException e) {
            if (e.status() != 404) {
                throw e;
            }
            return page(window, ApiVersion.V1, "1");
        }
    }

    public ObservationPage page(SyncWindow window, ApiVersion version, String next) {
        String query = "type=GENERATION&fromStartTime=" + encode(window.from().toString())
                + "&toStartTime=" + encode(window.to().toString()) + "&limit=" + settings.pageSize();
        if (version == ApiVersion.V2) {
            query += "&fields=" + encode(V2_FIELDS) + (next == null ? "" : "&cursor=" + encode(next));
            JsonNode body = get("/api/public/v2/observations?" + query).orElseThrow(() -> notFound("v2 observations"));
            String cursor = body.path("meta").path("cursor").asString(null);
            List<JsonNode> data = data(body);
            return new ObservationPage(version, data, cursor == null || cursor.isBlank() || data.isEmpty() ? null : cursor);
        }
        int page = next == null ? 1 : Integer.parseInt(next);
        JsonNode body = get("/api/public/observations?" + query + "&page=" + page).orElseThrow(() -> notFound("v1 observations"));
        int totalPages = body.path("meta").path("totalPages").asInt(0);
        List<JsonNode> data = data(body);
        return new ObservationPage(version, data, page < totalPages && !data.isEmpty() ? String.valueOf(page + 1) : null);
    }

    /** The trace (userId, metadata), or empty when Langfuse does not know it. */
    public Optional<JsonNode> trace(String traceId) {
        return get("/api/public/traces/" + URLEncoder.encode(traceId, StandardCharsets.UTF_8).replace("+", "%20"));
    }

    private Optional<JsonNode> get(String pathAndQuery) {
        URI uri = URI.create(settings.baseUrl().replaceAll("/+$", "") + pathAndQuery);
        HttpResponse<String> response;
        try {
            response = retry.executeCheckedSupplier(() -> call(uri));
        } catch (LangfuseException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LangfuseException("Interrupted while calling Langfuse", e);
        } catch (Throwable e) {
            throw new LangfuseException("Langfuse unreachable: " + e, e);
        }
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(json.readTree(response.body()));
    }

    private HttpResponse<String> call(URI uri) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(settings.requestTimeout())
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status == 200 || status == 404) {
            return response;
        }
        Duration retryAfter = status == 429 || status == 503
                ? RetryBackoff.retryAfter(response.headers().firstValue("Retry-After").orElse(null)) : null;
        String body = response.body() == null ? "" : response.body();
        throw new LangfuseException(status, retryAfter, "Langfuse answered " + status + " to GET " + uri.getPath()
                + (body.isBlank() ? "" : ": " + body.substring(0, Math.min(200, body.length()))));
    }

    private static boolean retryable(Throwable e) {
        return e instanceof IOException || e instanceof LangfuseException langfuse && langfuse.retryable();
    }

    private static List<JsonNode> data(JsonNode body) {
        List<JsonNode> data = new ArrayList<>();
        body.path("data").forEach(data::add);
        return data;
    }

    private static LangfuseException notFound(String what) {
        return new LangfuseException(404, null, "Langfuse has no " + what + " endpoint");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
