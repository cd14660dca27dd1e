package dev.sparks.rating.deadletter;

import java.util.List;

/**
 * What a redrive did with the dead letters on rating.dead-letter.v1: re-published to usage.raw.v1,
 * re-driven by an earlier run, still not ratable with the current cards (left where they are,
 * with the first few reasons), or not raw usage at all (skipped).
 */
public record RedriveReport(long examined, long redriven, long alreadyRedriven, long stillUnratable, long skipped,
        List<String> stillUnratableReasons) {}
