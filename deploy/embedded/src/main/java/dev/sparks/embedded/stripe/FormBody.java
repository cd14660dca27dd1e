package dev.sparks.embedded.stripe;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Stripe request's parameters as the form-encoded body carries them: flat keys in Stripe's
 * bracket notation ({@code metadata[invoice_id]}, {@code invoice_settings[default_payment_method]}),
 * sorted, so two requests with the same parameters compare equal whatever their order.
 */
record FormBody(Map<String, String> params) {

    static FormBody parse(String encoded) {
        Map<String, String> params = new TreeMap<>();
        if (encoded != null && !encoded.isBlank()) {
            for (String pair : encoded.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.put(key, value);
            }
        }
        return new FormBody(params);
    }

    String get(String key) {
        return params.get(key);
    }

    String require(String key) {
        String value = params.get(key);
        if (value == null || value.isBlank()) {
            throw StandInError.invalid("Missing required param: " + key + ".", key);
        }
        return value;
    }

    long requireLong(String key) {
        try {
            return Long.parseLong(require(key));
        } catch (NumberFormatException e) {
            throw StandInError.invalid("Invalid integer: " + params.get(key), key);
        }
    }

    boolean flag(String key) {
        return "true".equals(params.get(key));
    }

    /** {@code prefix[name]=value} pairs, e.g. the metadata hash. */
    Map<String, String> hash(String prefix) {
        Map<String, String> hash = new TreeMap<>();
        params.forEach((key, value) -> {
            if (key.startsWith(prefix + "[") && key.endsWith("]")) {
                hash.put(key.substring(prefix.length() + 1, key.length() - 1), value);
            }
        });
        return hash;
    }
}
