package dev.sparks.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every mistake a client can make answers the same problem+json shape: a stable {@code type} per
 * kind of problem, {@code title}, {@code status}, {@code detail}, {@code instance}, and the
 * {@code field} at fault where input is, in UTF-8.
 */
class ProblemShapeTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new Orders())
            .setControllerAdvice(new RequestProblems(), new ProblemShape())
            .build();

    @Test
    void aBodyThatIsNotJsonNamesTheBody() throws Exception {
        JsonNode problem = problem(post("/v1/orders").contentType(MediaType.APPLICATION_JSON).content("{not json"), 400);
        assertThat(problem.get("type").asString()).isEqualTo("https://sparks.dev/problems/invalid-request");
        assertThat(problem.get("field").asString()).isEqualTo("body");
    }

    @Test
    void aMissingParameterIsNamed() throws Exception {
        JsonNode problem = problem(get("/v1/orders"), 400);
        assertThat(problem.get("field").asString()).isEqualTo("month");
    }

    @Test
    void aMistypedParameterIsNamed() throws Exception {
        JsonNode problem = problem(get("/v1/orders").param("month", "soon").param("limit", "many"), 400);
        assertThat(problem.get("field").asString()).isEqualTo("limit");
        assertThat(problem.get("detail").asString()).contains("many");
    }

    @Test
    void aWrongMethodIs405WithTheSameShape() throws Exception {
        JsonNode problem = problem(put("/v1/orders"), 405);
        assertThat(problem.get("type").asString()).isEqualTo("https://sparks.dev/problems/method-not-allowed");
    }

    @Test
    void aMissingContentTypeIs415WithTheSameShape() throws Exception {
        JsonNode problem = problem(post("/v1/orders").content("{}"), 415);
        assertThat(problem.get("type").asString()).isEqualTo("https://sparks.dev/problems/unsupported-media-type");
    }

    @Test
    void anUnexpectedFailureIs500AndTellsNothingOfTheInternals() throws Exception {
        JsonNode problem = problem(get("/v1/orders/boom"), 500);
        assertThat(problem.get("type").asString()).isEqualTo("https://sparks.dev/problems/internal-error");
        assertThat(problem.toString()).doesNotContain("database password");
    }

    @Test
    void aProblemAControllerAnswersIsCompletedWithTypeAndInstance() throws Exception {
        JsonNode problem = problem(get("/v1/orders/missing"), 404);
        assertThat(problem.get("type").asString()).isEqualTo("https://sparks.dev/problems/not-found");
        assertThat(problem.get("detail").asString()).isEqualTo("No order missing");
    }

    @Test
    void aFilterWritesTheSameShapeInUtf8() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v1/orders");
        MockHttpServletResponse response = new MockHttpServletResponse();

        Problems.write(request, response, 401, "Unauthorized", "Kein gültiger Schlüssel \"x\"\n", null);

        assertThat(response.getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        assertThat(response.getCharacterEncoding()).isEqualToIgnoringCase("UTF-8");
        JsonNode problem = JSON.readTree(response.getContentAsString(StandardCharsets.UTF_8));
        assertShape(problem, 401);
        assertThat(problem.get("type").asString()).isEqualTo("https://sparks.dev/problems/unauthenticated");
        assertThat(problem.get("detail").asString()).isEqualTo("Kein gültiger Schlüssel \"x\"\n");
    }

    private JsonNode problem(MockHttpServletRequestBuilder request, int status) throws Exception {
        MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(status);
        assertThat(response.getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        JsonNode problem = JSON.readTree(response.getContentAsString(StandardCharsets.UTF_8));
        assertShape(problem, status);
        assertThat(problem.get("instance").asString()).startsWith("/v1/orders");
        return problem;
    }

    private static void assertShape(JsonNode problem, int status) {
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("type").asString()).startsWith(ProblemTypes.BASE);
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("detail").asString()).isNotBlank();
    }

    @RestController
    static class Orders {

        @GetMapping("/v1/orders")
        Map<String, Object> list(@RequestParam String month, @RequestParam(defaultValue = "10") int limit) {
            return Map.of("month", month, "limit", limit);
        }

        @PostMapping(path = "/v1/orders", consumes = MediaType.APPLICATION_JSON_VALUE)
        Map<String, Object> create(@RequestBody Map<String, Object> order) {
            return order;
        }

        @GetMapping("/v1/orders/boom")
        Map<String, Object> boom() {
            throw new IllegalStateException("database password is hunter2");
        }

        @GetMapping("/v1/orders/missing")
        ProblemDetail missing() {
            return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No order missing");
        }
    }
}
