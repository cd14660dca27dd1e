package dev.sparks.platform.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/** RFC 9457 problem details, the one error shape of every Sparks API. */
public final class Problems {

    private Problems() {}

    /** A problem that names the request field at fault in a {@code field} member. */
    public static ProblemDetail invalidField(String field, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Invalid request");
        problem.setProperty("field", field);
        return problem;
    }

    /** Writes a problem from a servlet filter, where no message converters run. */
    public static void write(HttpServletResponse response, int status, String title, String detail, String field)
            throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        StringBuilder json = new StringBuilder()
                .append("{\"type\":\"about:blank\",\"status\":").append(status)
                .append(",\"title\":\"").append(escape(title))
                .append("\",\"detail\":\"").append(escape(detail)).append('"');
        if (field != null) {
            json.append(",\"field\":\"").append(escape(field)).append('"');
        }
        response.getWriter().write(json.append('}').toString());
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
