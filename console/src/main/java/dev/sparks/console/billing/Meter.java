package dev.sparks.console.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Usage against a limit as a meter: the share used and its level, at the thresholds the services'
 * notices use (80, 90 and 100 percent). {@code percent} is for the bar's width only, capped at 100.
 */
public record Meter(String label, BigDecimal used, BigDecimal limit, int percent, Level level) {

    public enum Level {
        OK, WARN_80, WARN_90, OVER_100;

        public String css() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    public static Meter of(String label, BigDecimal used, BigDecimal limit) {
        if (limit == null || limit.signum() <= 0) {
            return new Meter(label, used, limit, used.signum() > 0 ? 100 : 0, used.signum() > 0 ? Level.OVER_100 : Level.OK);
        }
        BigDecimal share = used.multiply(BigDecimal.valueOf(100)).divide(limit, 0, RoundingMode.FLOOR);
        Level level = share.compareTo(BigDecimal.valueOf(100)) >= 0 ? Level.OVER_100
                : share.compareTo(BigDecimal.valueOf(90)) >= 0 ? Level.WARN_90
                : share.compareTo(BigDecimal.valueOf(80)) >= 0 ? Level.WARN_80 : Level.OK;
        return new Meter(label, used, limit, share.min(BigDecimal.valueOf(100)).intValue(), level);
    }

    /** The share as people read it, not capped: {@code 112%}. */
    public String shareText() {
        if (limit == null || limit.signum() <= 0) {
            return used.signum() > 0 ? "over the limit" : "0%";
        }
        return used.multiply(BigDecimal.valueOf(100)).divide(limit, 0, RoundingMode.FLOOR) + "%";
    }
}
