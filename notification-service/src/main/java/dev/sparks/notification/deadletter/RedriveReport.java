package dev.sparks.notification.deadletter;

import java.util.List;

/**
 * What a redrive did: how many refused mails it made due again (with the first few of their
 * references), how many stage dead letters for a customer without an address it re-published to
 * their source topic, and how many of those an earlier redrive had re-published already.
 */
public record RedriveReport(int redriven, List<String> references, long lettersRepublished, long lettersAlreadyRedriven) {}
