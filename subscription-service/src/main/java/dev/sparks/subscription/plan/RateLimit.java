package dev.sparks.subscription.plan;

import java.time.Duration;
import java.util.Locale;

/**
 * How often a customer may call {@code POST /v1/quota/authorize}: {@code requests} per {@code per},
 * refilled continuously, with up to {@code burst} calls at once after a quiet spell.
 */
public record RateLimit(int requests, Per per, int burst) {

    public enum Per {
        SECOND(Duration.ofSeconds(1)), MINUTE(Duration.ofMinutes(1));

        private final Duration length;

        Per(Duration length) {
            this.length = length;
        }

        public Duration length() {
            return length;
        }

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Null for an unknown code, so callers can name the field they read it from. */
        public static Per of(String code) {
            for (Per per : values()) {
                if (per.code().equals(code)) {
                    return per;
                }
            }
            return null;
        }
    }

    public RateLimit {
        if (requests <= 0 || burst <= 0 || per == null) {
            throw new IllegalArgumentException("A rate limit needs positive requests and burst, and a period");
        }
    }

    /** A limit stored as three nullable columns, all set or all null. */
    public static RateLimit ofColumns(Integer requests, String per, Integer burst) {
        return requests == null ? null : new RateLimit(requests, Per.of(per), burst);
    }
}
