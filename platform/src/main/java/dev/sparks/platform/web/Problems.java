package dev.sparks.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/** RFC 9457 problem details, the one error shape of every Sparks API. */
public final class Problems {

    private Problems() {}

    /** A problem that names the request field at fault in a {@code field} member. */
    public static ProblemDetail invalidField(String field, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setType(ProblemTypes.forStatus(400));
        problem.setTitle("Invalid request");
        problem.setProperty("field", field);
        return problem;
    }

    /** Writes a problem from a servlet filter, where no message converters run. */
    public static void write(HttpServletRequest request, HttpServletResponse response, int status, String title,
            String detail, String field) throws IOException {
        write(response, status, title, detail, field, request.getRequestURI());
    }

    /** As {@link #write(HttpServletRequest, HttpServletResponse, int, String, String, String)}, without an instance. */
    public static void write(HttpServletResponse response, int status, String title, String detail, String field)
            throws IOException {
        write(response, status, title, detail, field, null);
    }

    private static void write(HttpServletResponse response, int status, String title, String detail, String field,
            String instance) throws IOException {
        response.setStatus(status);
        response.setCharacterEncoding(StandardCharsets.UTF_8);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        StringBuilder json = new StringBuilder()
                .append("{\"type\":\"").append(ProblemTypes.forStatus(status)).append("\",\"status\":").append(status)
                .append(",\"title\":\"").append(escape(title))
                .append("\",\"detail\":\"").append(escape(detail)).append('"');
        if (instance != null) {
            json.append(",\"instance\":\"").append(escape(instance)).append('"');
        }
        if (field != null) {
            json.append(",\"field\":\"").append(escape(field)).append('"');
        }
        response.getWriter().write(json.append('}').toString());
    }

    /** A JSON string's content: quotes, backslashes and control characters escaped. */
    private static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> escaped.append("\\\"");
                case '\\' -> escaped.append("\\\\");
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                case '\t' -> escaped.append("\\t");
                default -> {
                    if (c < 0x20) {
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }
}
