package dev.sparks.ingest.langfuse;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local Langfuse: the public API's observations (v2 with cursor paging, v1 with page numbers),
 * traces, Basic auth with a project key pair, and injectable failures. Responses follow Langfuse's
 * documented JSON shapes.
 * <p>
 * Observations are selected by {@code fromStartTime} (inclusive) and {@code toStartTime}
 * (exclusive) only, as Langfuse documents them: none of its filters reads {@code updatedAt} (the
 * v2 {@code filter} columns have no such column), and an update leaves {@code startTime} alone. An
 * observation added or updated here is therefore visible to exactly the windows that cover its
 * start, however late it arrives, which is what the late sweep has to cope with.
 */
final class LangfuseStandIn implements AutoCloseable {

    static final String PUBLIC_KEY = "pk-lf-test";
    static final String SECRET_KEY = "sk-lf-test";

    /** One request as the stand-in saw it. */
    record Seen(Instant at, String path, Map<String, String> query, String authorization, int status) {}

    private record Failure(int status, String retryAfter, Predicate<Seen> applies) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final HttpServer server;
    private final List<ObjectNode> observations = new CopyOnWriteArrayList<>();
    private final Map<String, ObjectNode> traces = new ConcurrentHashMap<>();
    private final List<Failure> failures = new CopyOnWriteArrayList<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile boolean v2 = true;
    private volatile String expectedAuthorization = basic(PUBLIC_KEY, SECRET_KEY);

    LangfuseStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/public/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    synchronized void reset() {
        observations.clear();
        traces.clear();
        failures.clear();
        seen.clear();
        v2 = true;
        expectedAuthorization = basic(PUBLIC_KEY, SECRET_KEY);
    }

    void withoutV2() {
        v2 = false;
    }

    void expectKeys(String publicKey, String secretKey) {
        expectedAuthorization = basic(publicKey, secretKey);
    }

    /** A generation, as the v2 endpoint returns it with fields core,basic,usage,model,metadata. */
    ObjectNode generation(String id, String traceId, Instant startTime, String userId, long input, long output) {
        ObjectNode observation = NODES.objectNode()
                .put("id", id).put("traceId", traceId).put("type", "GENERATION").put("name", "ChatOpenAI")
                .put("startTime", startTime.toString()).put("endTime", startTime.plusSeconds(2).toString())
                .put("projectId", "project-1").put("providedModelName", "gpt-4o-mini").put("level", "DEFAULT");
        if (userId != null) {
            observation.put("userId", userId);
        }
        observation.set("usageDetails", NODES.objectNode().put("input", input).put("output", output).put("total", input + output));
        observation.set("costDetails", NODES.objectNode().put("input", 0.00015).put("output", 0.0006).put("total", 0.00075));
        observation.set("metadata", NODES.objectNode());
        observations.add(observation);
        return observation;
    }

    /** Langfuse updates a generation in place (a usage report after streaming): new usage, same startTime. */
    void updateUsage(ObjectNode generation, long input, long output) {
        generation.set("usageDetails", NODES.objectNode().put("input", input).put("output", output).put("total", input + output));
    }

    ObjectNode trace(String id, String userId) {
        ObjectNode trace = NODES.objectNode().put("id", id).put("name", "flowise-chat").put("timestamp", Instant.now().toString());
        if (userId != null) {
            trace.put("userId", userId);
        }
        trace.set("metadata", NODES.objectNode());
        traces.put(id, trace);
        return trace;
    }

    /** The next {@code times} requests matching {@code applies} fail with {@code status}. */
    void fail(int times, int status, String retryAfter, Predicate<Seen> applies) {
        for (int i = 0; i < times; i++) {
            failures.add(new Failure(status, retryAfter, applies));
        }
    }

    List<Seen> requests() {
        return List.copyOf(seen);
    }

    List<Seen> requests(String path) {
        return seen.stream().filter(request -> request.path().equals(path)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        Seen request = new Seen(Instant.now(), path, query, authorization, 0);
        int status;
        String body;
        Failure failure = failures.stream().filter(f -> f.applies().test(request)).findFirst().orElse(null);
        if (!expectedAuthorization.equals(authorization)) {
            status = 401;
            body = "{\"message\":\"Invalid credentials. Confirm that you've configured the correct host.\"}";
        } else if (failure != null) {
            failures.remove(failure);
            status = failure.status();
            body = "{\"message\":\"Internal Server Error\"}";
            if (failure.retryAfter() != null) {
                exchange.getResponseHeaders().add("Retry-After", failure.retryAfter());
            }
        } else if (path.equals("/api/public/v2/observations") && v2) {
            status = 200;
            body = v2Page(query);
        } else if (path.equals("/api/public/observations")) {
            status = 200;
            body = v1Page(query);
        } else if (path.startsWith("/api/public/traces/") && traces.containsKey(path.substring("/api/public/traces/".length()))) {
            status = 200;
            body = JSON.writeValueAsString(traces.get(path.substring("/api/public/traces/".length())));
        } else {
            status = 404;
            body = "{\"message\":\"Not Found\"}";
        }
        seen.add(new Seen(request.at(), path, query, authorization, status));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private String v2Page(Map<String, String> query) {
        List<ObjectNode> matching = matching(query);
        int limit = Integer.parseInt(query.getOrDefault("limit", "50"));
        int offset = query.containsKey("cursor")
                ? Integer.parseInt(new String(Base64.getDecoder().decode(query.get("cursor")), StandardCharsets.UTF_8)) : 0;
        List<ObjectNode> page = matching.subList(Math.min(offset, matching.size()), Math.min(offset + limit, matching.size()));
        ObjectNode body = NODES.objectNode();
        body.set("data", array(page));
        ObjectNode meta = body.putObject("meta");
        if (offset + limit < matching.size()) {
            meta.put("cursor", Base64.getEncoder().encodeToString(String.valueOf(offset + limit).getBytes(StandardCharsets.UTF_8)));
        }
        return JSON.writeValueAsString(body);
    }

    /** v1 observations: no userId (that lives on the trace), model instead of providedModelName. */
    private String v1Page(Map<String, String> query) {
        List<ObjectNode> matching = matching(query);
        int limit = Integer.parseInt(query.getOrDefault("limit", "50"));
        int page = Integer.parseInt(query.getOrDefault("page", "1"));
        int from = Math.min((page - 1) * limit, matching.size());
        List<ObjectNode> data = new ArrayList<>();
        for (ObjectNode observation : matching.subList(from, Math.min(from + limit, matching.size()))) {
            ObjectNode v1 = observation.deepCopy();
            v1.remove("userId");
            v1.set("model", v1.remove("providedModelName"));
            data.add(v1);
        }
        ObjectNode body = NODES.objectNode();
        body.set("data", array(data));
        body.putObject("meta").put("page", page).put("limit", limit).put("totalItems", matching.size())
                .put("totalPages", (matching.size() + limit - 1) / limit);
        return JSON.writeValueAsString(body);
    }

    private List<ObjectNode> matching(Map<String, String> query) {
        Instant from = Instant.parse(query.get("fromStartTime"));
        Instant to = Instant.parse(query.get("toStartTime"));
        return observations.stream()
                .filter(o -> o.get("type").asString().equals(query.getOrDefault("type", "GENERATION")))
                .filter(o -> {
                    Instant start = Instant.parse(o.get("startTime").asString());
                    return !start.isBefore(from) && start.isBefore(to);
                })
                .sorted(Comparator.comparing((ObjectNode o) -> o.get("startTime").asString()).thenComparing(o -> o.get("id").asString()))
                .toList();
    }

    private static ArrayNode array(List<ObjectNode> nodes) {
        ArrayNode array = NODES.arrayNode();
        nodes.forEach(array::add);
        return array;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    static String basic(String publicKey, String secretKey) {
        return "Basic " + Base64.getEncoder().encodeToString((publicKey + ":" + secretKey).getBytes(StandardCharsets.UTF_8));
    }
}
