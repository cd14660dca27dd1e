package dev.sparks.embedded.stripe;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Stripe's idempotent requests: the first answer to a key is kept, whatever its status, and
 * replayed for the same key with the same parameters; the same key with other parameters is a 400
 * {@code idempotency_error}. Requests with one key run one at a time.
 */
final class IdempotencyKeys {

    record Answer(int status, String body, boolean replayed) {
        static Answer of(StandInError e) {
            return new Answer(e.status, e.json(), false);
        }
    }

    private record Kept(String fingerprint, Answer answer) {}

    private final Map<String, Kept> kept = new HashMap<>();

    synchronized Answer answer(String key, String fingerprint, Supplier<Answer> run) {
        Kept earlier = kept.get(key);
        if (earlier != null) {
            if (!earlier.fingerprint().equals(fingerprint)) {
                return Answer.of(StandInError.of(400, "idempotency_error", null,
                        "Keys for idempotent requests can only be used with the same parameters they were first used with. "
                                + "Try using a key other than '" + key + "' if you meant to execute a different request."));
            }
            return new Answer(earlier.answer().status(), earlier.answer().body(), true);
        }
        Answer answer = run.get();
        kept.put(key, new Kept(fingerprint, answer));
        return answer;
    }
}
