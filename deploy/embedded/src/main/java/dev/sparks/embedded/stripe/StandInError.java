package dev.sparks.embedded.stripe;

import com.google.gson.JsonObject;
import com.stripe.model.StripeError;
import com.stripe.net.ApiResource;

/** An error answered in Stripe's shape: {@code {"error": {"type": ..., "code": ..., "message": ...}}}. */
final class StandInError extends RuntimeException {

    final int status;
    final StripeError error;

    StandInError(int status, StripeError error) {
        super(error.getMessage());
        this.status = status;
        this.error = error;
    }

    static StandInError of(int status, String type, String code, String message) {
        StripeError error = new StripeError();
        error.setType(type);
        error.setCode(code);
        error.setMessage(message);
        return new StandInError(status, error);
    }

    static StandInError invalid(String message, String param) {
        StandInError e = of(400, "invalid_request_error", "parameter_missing", message);
        e.error.setParam(param);
        return e;
    }

    static StandInError missing(String kind, String id) {
        StandInError e = of(404, "invalid_request_error", "resource_missing", "No such " + kind + ": '" + id + "'");
        e.error.setParam("id");
        return e;
    }

    String json() {
        JsonObject body = new JsonObject();
        body.add("error", ApiResource.GSON.toJsonTree(error));
        return body.toString();
    }
}
